using System.Globalization;
using System.Text.Json.Nodes;
using Syncline.Client.Store;
using Syncline.Protocol;

namespace Syncline.Client;

/// <summary>The user's reading sessions (where they were reading): read locally, written offline, pushed on sync.</summary>
public sealed class ReadingSessions
{
    private readonly Resources.LocalWriter _writer;
    private readonly TimeProvider _time;

    internal ReadingSessions(Resources.LocalWriter writer, TimeProvider time)
    {
        _writer = writer;
        _time = time;
    }

    /// <summary>Every reading session, oldest first.</summary>
    public Task<IReadOnlyList<ReadingSession>> ListAsync(CancellationToken cancellationToken = default) =>
        _writer.ReadAsync<IReadOnlyList<ReadingSession>>(
            async (c, ct) => [.. (await c.ListAsync(ResourceNames.ReadingSession, ct).ConfigureAwait(false)).Select(ToReadingSession)], cancellationToken);

    /// <summary>One reading session, or null.</summary>
    public Task<ReadingSession?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        _writer.ReadAsync(
            async (c, ct) => await c.VisibleAsync(ResourceNames.ReadingSession, id, ct).ConfigureAwait(false) is { } row ? ToReadingSession(row) : null,
            cancellationToken);

    /// <summary>Starts a reading session at an ayah; every call makes a new one, also at a place another session holds.</summary>
    public Task<ReadingSession> AddAsync(int chapterNumber, int verseNumber, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var data = new JsonObject
        {
            ["chapterNumber"] = chapterNumber, ["verseNumber"] = verseNumber, ["clientCreatedAt"] = now, ["clientUpdatedAt"] = now,
        };
        var fields = Resources.LocalValidation.Fields(MutationTypes.Create, ResourceNames.ReadingSession, null, data);
        return _writer.WriteAsync(
            async (tx, ct) => ToReadingSession(await tx.CreateAsync(ResourceNames.ReadingSession, LocalIds.New(), fields, ct).ConfigureAwait(false)),
            cancellationToken);
    }

    /// <summary>Moves a reading session to another ayah (the user read on).</summary>
    public Task<ReadingSession> MoveAsync(string id, int chapterNumber, int verseNumber, CancellationToken cancellationToken = default)
    {
        // Both numbers every time: an UPDATE of one alone is checked against the other only on the server.
        var data = new JsonObject
        {
            ["chapterNumber"] = chapterNumber, ["verseNumber"] = verseNumber, ["clientUpdatedAt"] = _time.GetUtcNow().ToUnixTimeMilliseconds(),
        };
        var fields = Resources.LocalValidation.Fields(MutationTypes.Update, ResourceNames.ReadingSession, id, data);
        return _writer.WriteAsync(async (tx, ct) =>
        {
            var row = await tx.Connection.RequireAsync(ResourceNames.ReadingSession, id, ct).ConfigureAwait(false);
            return ToReadingSession(await tx.UpdateAsync(row, fields, ct).ConfigureAwait(false));
        }, cancellationToken);
    }

    /// <summary>Deletes a reading session.</summary>
    public Task DeleteAsync(string id, CancellationToken cancellationToken = default) =>
        _writer.WriteAsync(async (tx, ct) =>
        {
            await tx.DeleteAsync(await tx.Connection.RequireAsync(ResourceNames.ReadingSession, id, ct).ConfigureAwait(false), ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    // Pulled data is stored as the server sent it: a field of another shape reads as absent rather than throwing.
    private static ReadingSession ToReadingSession(LocalResource row) => new(
        row.Id,
        Number(row.Data["chapterNumber"]),
        Number(row.Data["verseNumber"]),
        row.Data["clientUpdatedAt"] is JsonValue time && time.TryGetValue<string>(out var text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null,
        row.Status);

    private static int Number(JsonNode? node) => node is JsonValue value && value.TryGetValue<int>(out var number) ? number : 0;
}
