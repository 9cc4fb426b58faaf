using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Syncline.Server.Tests.Support;
using Syncline.Testing.Servers;

namespace Syncline.Simulation.Tests.RacingPull;

/// <summary>
/// A user with many notes on the server, seeded over the API in pushes of the server's largest batch,
/// and the device that writes them: it keeps the head its pushes returned, as the only writer does.
/// </summary>
internal sealed class Notebook : IDisposable
{
    /// <summary>The server's default largest batch (PROTOCOL.md section 3.2).</summary>
    public const int MaxBatch = 100;

    private readonly SyncApi _writer;

    private Notebook(SyncApi writer, List<string> noteIds, long head)
    {
        _writer = writer;
        NoteIds = noteIds;
        Head = head;
    }

    /// <summary>The server ids of the notes, in the order they were created.</summary>
    public IReadOnlyList<string> NoteIds { get; }

    /// <summary>The user's head after the writer's latest push.</summary>
    public long Head { get; private set; }

    /// <summary>Pushes <paramref name="count"/> new notes.</summary>
    public static async Task<Notebook> SeedAsync(SyncServer server, string userId, int count)
    {
        var writer = server.Api(userId);
        var ids = new List<string>(count);
        long head = 0;
        for (var first = 0; first < count; first += MaxBatch)
        {
            var notes = Enumerable.Range(first, Math.Min(MaxBatch, count - first))
                .Select(i => Mutations.Note(string.Create(CultureInfo.InvariantCulture, $"Note number {i:D5}, as first written"), "2:255-2:257"))
                .ToArray();
            var reply = await writer.PushAsync(head, notes);
            Assert.True(reply.Status == HttpStatusCode.OK, reply.ToString());
            ids.AddRange(reply.Mutations.Select(m => m["resourceId"]!.GetValue<string>()));
            head = reply.Head;
        }

        return new Notebook(writer, ids, head);
    }

    /// <summary>Edits these notes in one push.</summary>
    public async Task EditAsync(IEnumerable<string> noteIds, string edit)
    {
        var updates = noteIds.Select(id => Mutations.Update("NOTE", id, new JsonObject { ["body"] = $"{edit} of note {id}" })).ToArray();
        var reply = await _writer.PushAsync(Head, updates);
        Assert.True(reply.Status == HttpStatusCode.OK, reply.ToString());
        Head = reply.Head;
    }

    public void Dispose() => _writer.Dispose();
}
