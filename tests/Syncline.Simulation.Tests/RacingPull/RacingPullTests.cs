using System.Net;
using System.Text.Json.Nodes;
using Syncline.Server.Tests.Support;
using Syncline.Testing.Servers;

namespace Syncline.Simulation.Tests.RacingPull;

/// <summary>
/// A device pulls a user's 10,000 entries page by page while another device edits 300 of those notes.
/// Pulls read the current state (one entry per resource, with its latest data and timestamp), so an edit
/// moves its note to the end. Whatever the interleaving, the reader misses no note, and its state after
/// one catch-up pull from its cursor is the server's. Edits are pushed between the reader's pages (driven by its progress, so
/// the race always happens) or by a writer running free at the same time.
/// </summary>
public sealed class RacingPullTests
{
    private const int Notes = 10_000;
    private const int Edited = 300;
    private const int EditsPerPush = 10;
    private const int PageSize = 100;

    /// <summary>Between-pages schedule: one push of edits after every third page, so all 30 land well before the ~100th page.</summary>
    private const int PagesPerPush = 3;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(RaceStore.Sqlite)]
    [InlineData(RaceStore.Postgres)]
    public async Task Keyset_paging_misses_no_entry_while_another_device_edits_between_its_pages(RaceStore store)
    {
        await using var race = await RaceServer.StartAsync(store, Ct);
        var (notebook, reader, before) = await SeedAsync(race.Server);
        using var _ = notebook;
        using var __ = reader;
        var edits = new EditSchedule(notebook);

        var received = await ReadByKeysetAsync(reader, afterPage: page => page % PagesPerPush == 0 ? edits.PushNextAsync() : Task.CompletedTask);

        Assert.Equal(Edited, edits.Pushed);
        AssertAscending(received);
        AssertEveryNoteCame(before, received);
        // Every edit landed before the last page was read: each edited note came once more at the end, with
        // its edit, when the reader had passed it already, and only with its edit when it had not.
        var headAtStart = before[^1]["timestamp"]!.GetValue<long>();
        Assert.Equal(Edited, received.Where(e => e["timestamp"]!.GetValue<long>() > headAtStart).Select(Key).Distinct().Count());
        Assert.True(received.Count > before.Count && received.Count < before.Count + Edited, $"{received.Count} entries");
        await AssertCatchUpReachesTheServerAsync(reader, received, received[^1]["timestamp"]!.GetValue<long>());
    }

    [Theory]
    [InlineData(RaceStore.Sqlite)]
    [InlineData(RaceStore.Postgres)]
    public async Task Keyset_paging_misses_no_entry_while_another_device_edits_at_the_same_time(RaceStore store)
    {
        await using var race = await RaceServer.StartAsync(store, Ct);
        var (notebook, reader, before) = await SeedAsync(race.Server);
        using var _ = notebook;
        using var __ = reader;
        var edits = new EditSchedule(notebook);

        var writer = Task.Run(edits.PushAllAsync, Ct);
        var received = await ReadByKeysetAsync(reader, afterPage: _ => Task.CompletedTask);
        await writer;

        AssertAscending(received);
        AssertEveryNoteCame(before, received);
        await AssertCatchUpReachesTheServerAsync(reader, received, received[^1]["timestamp"]!.GetValue<long>());
    }

    // Page-number pages follow the resources' creation order, which an edit never changes (a keyset page
    // follows timestamps, which an edit moves): with a fixed mutationsSince every note keeps its offset, so
    // the pages, read in order until hasMore is false, hold every note exactly once, each as it was when its
    // page was read. An edit after that is after the first page's head: one catch-up pull from it brings it.
    [Theory]
    [InlineData(RaceStore.Sqlite)]
    [InlineData(RaceStore.Postgres)]
    public async Task Page_number_paging_misses_no_entry_while_another_device_edits_between_its_pages(RaceStore store)
    {
        await using var race = await RaceServer.StartAsync(store, Ct);
        var (notebook, reader, before) = await SeedAsync(race.Server);
        using var _ = notebook;
        using var __ = reader;
        var edits = new EditSchedule(notebook);

        var (received, headAtFirstPage) = await ReadByPageNumberAsync(reader, afterPage: page => page % PagesPerPush == 0 ? edits.PushNextAsync() : Task.CompletedTask);

        Assert.Equal(Edited, edits.Pushed);
        Assert.Equal(before[^1]["timestamp"]!.GetValue<long>(), headAtFirstPage);
        AssertEveryNoteCame(before, received);
        Assert.Equal(before.Count, received.Count);
        await AssertCatchUpReachesTheServerAsync(reader, received, headAtFirstPage);
    }

    [Theory]
    [InlineData(RaceStore.Sqlite)]
    [InlineData(RaceStore.Postgres)]
    public async Task Page_number_paging_misses_no_entry_while_another_device_edits_at_the_same_time(RaceStore store)
    {
        await using var race = await RaceServer.StartAsync(store, Ct);
        var (notebook, reader, before) = await SeedAsync(race.Server);
        using var _ = notebook;
        using var __ = reader;
        var edits = new EditSchedule(notebook);

        var writer = Task.Run(edits.PushAllAsync, Ct);
        var (received, headAtFirstPage) = await ReadByPageNumberAsync(reader, afterPage: _ => Task.CompletedTask);
        await writer;

        AssertEveryNoteCame(before, received);
        Assert.Equal(before.Count, received.Count);
        await AssertCatchUpReachesTheServerAsync(reader, received, headAtFirstPage);
    }

    private static async Task<(Notebook Notebook, SyncApi Reader, List<JsonObject> Before)> SeedAsync(SyncServer server)
    {
        var userId = $"racer-{Guid.NewGuid():N}";
        var notebook = await Notebook.SeedAsync(server, userId, Notes);
        var reader = server.Api(userId);
        // The log as the read starts: the notes and the __default__ collection of the first push.
        var before = await reader.PullAllAsync();
        Assert.Equal(Notes + 1, before.Count);
        return (notebook, reader, before);
    }

    /// <summary>Pulls with <c>mutationsSince</c> = the last timestamp received, until <c>hasMore</c> is false, as the SDK does.</summary>
    private static async Task<List<JsonObject>> ReadByKeysetAsync(SyncApi reader, Func<int, Task> afterPage)
    {
        var received = new List<JsonObject>();
        long since = 0;
        for (var page = 1; ; page++)
        {
            var reply = await reader.PullAsync(since, $"&limit={PageSize}");
            Assert.True(reply.Status == HttpStatusCode.OK, reply.ToString());
            received.AddRange(reply.Mutations);
            if (!reply.Data["hasMore"]!.GetValue<bool>())
            {
                return received;
            }

            since = received[^1]["timestamp"]!.GetValue<long>();
            await afterPage(page);
        }
    }

    /// <summary>Pulls page 1, 2, ... with <c>mutationsSince=0</c>, until <c>hasMore</c> is false; returns the entries and the head page 1 reported.</summary>
    private static async Task<(List<JsonObject> Received, long HeadAtFirstPage)> ReadByPageNumberAsync(SyncApi reader, Func<int, Task> afterPage)
    {
        var received = new List<JsonObject>();
        long headAtFirstPage = 0;
        for (var page = 1; ; page++)
        {
            var reply = await reader.PullAsync(0, $"&limit={PageSize}&page={page}");
            Assert.True(reply.Status == HttpStatusCode.OK, reply.ToString());
            headAtFirstPage = page == 1 ? reply.Head : headAtFirstPage;
            received.AddRange(reply.Mutations);
            if (!reply.Data["hasMore"]!.GetValue<bool>())
            {
                return (received, headAtFirstPage);
            }

            await afterPage(page);
        }
    }

    /// <summary>Received in strictly ascending timestamp order, so none twice at one timestamp.</summary>
    private static void AssertAscending(List<JsonObject> received)
    {
        var timestamps = received.Select(e => e["timestamp"]!.GetValue<long>()).ToList();
        Assert.True(timestamps.Zip(timestamps.Skip(1)).All(pair => pair.First < pair.Second), "Entries came out of order or twice");
    }

    /// <summary>Every record the server held when the read started came, as it was then or later (a later timestamp).</summary>
    private static void AssertEveryNoteCame(List<JsonObject> before, List<JsonObject> received)
    {
        var latest = received.GroupBy(Key).ToDictionary(g => g.Key, g => g.Last());
        var missed = before.Where(e => !(latest.TryGetValue(Key(e), out var got)
            && (JsonNode.DeepEquals(e, got) || got["timestamp"]!.GetValue<long>() > e["timestamp"]!.GetValue<long>()))).ToList();
        Assert.True(missed.Count == 0, $"{missed.Count} records missed or older, the first: {missed.FirstOrDefault()?.ToJsonString()}");
    }

    private static string Key(JsonObject entry) => $"{entry["resource"]} {entry["resourceId"]}";

    /// <summary>The reader's state, after one more keyset pull from <paramref name="cursor"/>, equals the state a pull of everything gives.</summary>
    private static async Task AssertCatchUpReachesTheServerAsync(SyncApi reader, List<JsonObject> received, long cursor)
    {
        var state = LogReplay.Of(received);
        var catchUp = await reader.PullAsync(cursor, "&limit=1000");
        Assert.True(catchUp.Status == HttpStatusCode.OK && !catchUp.Data["hasMore"]!.GetValue<bool>(), catchUp.ToString());
        state.Apply(catchUp.Mutations);

        var server = LogReplay.Of(await reader.PullAllAsync());
        Assert.Equal(Notes + 1, server.Count);
        Assert.Empty(state.Differences(server));
    }

    /// <summary>300 distinct notes, chosen with a fixed seed from all 10,000 (so some are behind the reader and some ahead), edited 10 per push.</summary>
    private sealed class EditSchedule(Notebook notebook)
    {
        private readonly Queue<string[]> _pushes = new(Shuffled(notebook.NoteIds).Take(Edited).Chunk(EditsPerPush));

        public int Pushed { get; private set; }

        public async Task PushNextAsync()
        {
            if (_pushes.TryDequeue(out var ids))
            {
                await notebook.EditAsync(ids, $"Edit {Pushed / EditsPerPush + 1}");
                Pushed += ids.Length;
            }
        }

        private static string[] Shuffled(IReadOnlyList<string> ids)
        {
            var order = ids.ToArray();
            new Random(20260125).Shuffle(order);
            return order;
        }

        public async Task PushAllAsync()
        {
            while (_pushes.Count > 0)
            {
                await PushNextAsync();
            }
        }
    }
}
