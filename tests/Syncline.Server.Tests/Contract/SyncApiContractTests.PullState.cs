using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Syncline.Server.Storage;
using Syncline.Testing.Servers;
using static Syncline.Testing.Servers.Mutations;

namespace Syncline.Server.Tests.Contract;

/// <summary>
/// Pulls read the current state: one entry per resource changed since the cursor, with its latest data and
/// timestamp; CREATE when created after the cursor, DELETE when deleted now and known at the cursor, UPDATE
/// otherwise. History is pruned after a retention, and a cursor older than the pruned tombstones gets 410.
/// </summary>
public abstract partial class SyncApiContractTests<TFixture>
{
    [Fact]
    public async Task A_note_edited_50_times_pulls_as_one_entry_with_its_latest_data_and_timestamp()
    {
        using var api = NewUser();
        var created = await AcceptedAsync(api, Note("The first words of it", "1:1-1:7"));
        var id = IdOf(created);
        for (var push = 0; push < 5; push++)
        {
            await AcceptedAsync(api, [.. Enumerable.Range(1, 10).Select(i => Update("NOTE", id, new JsonObject { ["body"] = $"Edit number {(push * 10) + i}" }))]);
        }

        var head = await api.HeadAsync();
        var fromScratch = Assert.Single(await api.PullAllAsync(), e => Text(e["resource"]) == "NOTE");
        Assert.Equal(("CREATE", id, "Edit number 50", head), (Text(fromScratch["type"]), Text(fromScratch["resourceId"]), Text(fromScratch["data"]!["body"]), TimestampOf(fromScratch)));
        var sinceCreated = Assert.Single(await LogSinceAsync(api, created.Head));
        Assert.Equal(("UPDATE", "Edit number 50", head), (Text(sinceCreated["type"]), Text(sinceCreated["data"]!["body"]), TimestampOf(sinceCreated)));
    }

    [Fact]
    public async Task A_first_sync_gets_no_tombstones_by_keyset_or_by_page_number()
    {
        using var api = NewUser();
        var created = await AcceptedAsync(api, Note("A note to delete", "1:1-1:1"), Note("A note to keep", "1:2-1:2"), Collection("Gone"), Bookmark(2, 255));
        await AcceptedAsync(api, Link(IdOf(created, 2), IdOf(created, 3)));
        await AcceptedAsync(api, Delete("NOTE", IdOf(created, 0)), Delete("COLLECTION", IdOf(created, 2)));

        foreach (var query in new[] { string.Empty, "&page=1&limit=10" })
        {
            var page = await api.PullAsync(0, query);
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.DoesNotContain(page.Mutations, e => Text(e["type"]) == "DELETE");
            Assert.Equal(
                new[] { IdOf(created, 1), IdOf(created, 3), DefaultCollection }.Order(StringComparer.Ordinal),
                page.Mutations.Select(e => Text(e["resourceId"])).Order(StringComparer.Ordinal));
            Assert.Equal(3, page.Data["total"]!.GetValue<long>());
            Assert.False(page.Data["hasMore"]!.GetValue<bool>());
        }
    }

    [Fact]
    public async Task A_cursor_between_a_create_and_a_delete_gets_the_DELETE_in_the_wire_shape()
    {
        using var api = NewUser();
        var created = await AcceptedAsync(api, Note("A note on light", "24:35-24:35"), Collection("Study"), Bookmark(2, 255));
        var (noteId, collectionId, bookmarkId) = (IdOf(created, 0), IdOf(created, 1), IdOf(created, 2));
        var linked = await AcceptedAsync(api, Link(collectionId, bookmarkId));

        await AcceptedAsync(api, Delete("NOTE", noteId), Unlink(collectionId, bookmarkId));

        var entries = await LogSinceAsync(api, linked.Head);
        Assert.Equal(["DELETE NOTE", "DELETE COLLECTION_BOOKMARK"], entries.Select(e => $"{Text(e["type"])} {Text(e["resource"])}"));
        Assert.Equal(noteId, Text(entries[0]["resourceId"]));
        Assert.Empty(entries[0]["data"]!.AsObject());
        Assert.Null(entries[1]["resourceId"]);
        Assert.True(JsonNode.DeepEquals(new JsonObject { ["collectionId"] = collectionId, ["bookmarkId"] = bookmarkId }, entries[1]["data"]));
    }

    [Fact]
    public async Task A_link_added_again_after_the_cursor_pulls_as_CREATE_and_removed_again_as_DELETE()
    {
        using var api = NewUser();
        var created = await AcceptedAsync(api, Collection("Study"), Bookmark(2, 255));
        var (collectionId, bookmarkId) = (IdOf(created, 0), IdOf(created, 1));
        var linked = await AcceptedAsync(api, Link(collectionId, bookmarkId));
        await AcceptedAsync(api, Unlink(collectionId, bookmarkId));

        await AcceptedAsync(api, Link(collectionId, bookmarkId));
        var again = Assert.Single(await LogSinceAsync(api, linked.Head));
        Assert.Equal("CREATE COLLECTION_BOOKMARK", $"{Text(again["type"])} {Text(again["resource"])}");

        // The device at the cursor has the link: it must hear of the last removal, though the link was also added after its cursor.
        await AcceptedAsync(api, Unlink(collectionId, bookmarkId));
        var removed = Assert.Single(await LogSinceAsync(api, linked.Head));
        Assert.Equal("DELETE COLLECTION_BOOKMARK", $"{Text(removed["type"])} {Text(removed["resource"])}");
        Assert.DoesNotContain(await api.PullAllAsync(), e => Text(e["resource"]) == "COLLECTION_BOOKMARK");
    }

    [Fact]
    public async Task Keyset_paging_loses_nothing_while_another_device_edits_creates_and_deletes_between_pages()
    {
        var userId = NewUserId();
        using var api = Server.Api(userId);
        using var other = Server.Api(userId);
        var notes = await SeedNotesAsync(api, 120);
        var received = new List<JsonObject>();
        long since = 0;
        for (var page = 0; ; page++)
        {
            var reply = await api.PullAsync(since, "&limit=25");
            Assert.Equal(HttpStatusCode.OK, reply.Status);
            received.AddRange(reply.Mutations);
            if (!reply.Data["hasMore"]!.GetValue<bool>())
            {
                break;
            }

            since = TimestampOf(received[^1]);
            await WriteBetweenPagesAsync(other, notes, page);
        }

        var timestamps = received.Select(TimestampOf).ToList();
        Assert.True(timestamps.Zip(timestamps.Skip(1)).All(pair => pair.First < pair.Second), "Entries came out of order or twice");
        received.AddRange(await api.PullAllAsync(since: timestamps[^1]));
        Assert.Empty(StateDifferences(received, await api.PullAllAsync()));
    }

    [Fact]
    public async Task Page_number_paging_loses_nothing_while_another_device_edits_creates_and_deletes_between_pages()
    {
        var userId = NewUserId();
        using var api = Server.Api(userId);
        using var other = Server.Api(userId);
        var notes = await SeedNotesAsync(api, 120);
        var received = new List<JsonObject>();
        long headAtFirstPage = 0;
        for (var page = 1; ; page++)
        {
            var reply = await api.PullAsync(0, string.Create(CultureInfo.InvariantCulture, $"&limit=25&page={page}"));
            Assert.Equal(HttpStatusCode.OK, reply.Status);
            headAtFirstPage = page == 1 ? reply.Head : headAtFirstPage;
            var timestamps = reply.Mutations.Select(TimestampOf).ToList();
            Assert.True(timestamps.Zip(timestamps.Skip(1)).All(pair => pair.First < pair.Second), "A page came out of order");
            received.AddRange(reply.Mutations);
            if (!reply.Data["hasMore"]!.GetValue<bool>())
            {
                break;
            }

            await WriteBetweenPagesAsync(other, notes, page - 1);
        }

        // A page-number reader continues from the head of its first page: every write since is after it.
        received.AddRange(await api.PullAllAsync(headAtFirstPage));
        Assert.Empty(StateDifferences(received, await api.PullAllAsync()));
    }

    [Fact]
    public async Task A_cursor_older_than_pruned_tombstones_gets_410_CursorTooOld_with_the_head()
    {
        await using var owned = await Fixture.StartServerAsync();
        using var api = owned.Server.Api(NewUserId());
        var created = await AcceptedAsync(api, Note("A note to delete", "1:1-1:1"), Note("A note to keep", "1:2-1:2"));
        var deleted = await AcceptedAsync(api, Delete("NOTE", IdOf(created, 0)));
        var head = (await AcceptedAsync(api, Update("NOTE", IdOf(created, 1), new JsonObject { ["body"] = "Kept and edited" }))).Head;

        var pruned = await owned.Server.Services.GetRequiredService<ISyncStore>().PruneAsync(0, deleted.Head + 1, Ct);

        Assert.Equal(1, pruned.Tombstones);
        foreach (var since in new[] { 1, created.Head, deleted.Head - 1 })
        {
            var tooOld = await api.PullAsync(since);
            Assert.True(tooOld.Status == HttpStatusCode.Gone, tooOld.ToString());
            Assert.Equal((false, "gone", "CursorTooOld", head), (tooOld.Body!["success"]!.GetValue<bool>(), Text(tooOld.Body["type"]), Text(tooOld.Error["code"]), tooOld.Error["lastMutationAt"]!.GetValue<long>()));
            Assert.Equal(tooOld.ErrorMessage, Text(tooOld.Error["message"]));
            Assert.Contains("mutationsSince=0", tooOld.ErrorMessage, StringComparison.Ordinal);
            Assert.Equal(head, tooOld.MutationAtHeader);
        }

        foreach (var since in new[] { 0, -1, deleted.Head })
        {
            var fine = await api.PullAsync(since);
            Assert.True(fine.Status == HttpStatusCode.OK, fine.ToString());
        }
    }

    // A keyset walk from 0 passes timestamps older than the horizon without having missed a delete (a review
    // finding: judged by each page's mutationsSince, a first sync of several pages never ended).
    [Fact]
    public async Task A_page_of_a_keyset_walk_started_from_0_is_answered_below_the_horizon_and_one_started_later_gets_410()
    {
        await using var owned = await Fixture.StartServerAsync();
        using var api = owned.Server.Api(NewUserId());
        var created = await AcceptedAsync(api, Note("A note to keep", "1:1-1:1"), Note("Another to keep", "1:2-1:2"), Note("A note to delete", "1:3-1:3"));
        var deleted = await AcceptedAsync(api, Delete("NOTE", IdOf(created, 2)));
        await owned.Server.Services.GetRequiredService<ISyncStore>().PruneAsync(0, deleted.Head + 1, Ct);
        var firstPage = await api.PullAsync(0, "&limit=1");
        var lastOfFirstPage = firstPage.Mutations[^1]["timestamp"]!.GetValue<long>();

        var walkFrom0 = await api.PullAsync(lastOfFirstPage, "&limit=1&startedFrom=0");
        var walkFromThere = await api.PullAsync(lastOfFirstPage, $"&limit=1&startedFrom={lastOfFirstPage}");

        Assert.True(walkFrom0.Status == HttpStatusCode.OK, walkFrom0.ToString());
        Assert.Equal("Another to keep", Text(Assert.Single(walkFrom0.Mutations)["data"]!["body"]));
        Assert.Equal(HttpStatusCode.Gone, walkFromThere.Status);
    }

    [Fact]
    public async Task Pruning_every_log_entry_and_tombstone_keeps_the_live_data_and_pushes_go_on()
    {
        await using var owned = await Fixture.StartServerAsync();
        using var api = owned.Server.Api(NewUserId());
        var created = await AcceptedAsync(api, Note("A note to keep", "1:1-1:1"), Note("A note to delete", "1:2-1:2"), Collection("Study"), Bookmark(2, 255));
        await AcceptedAsync(api, Link(IdOf(created, 2), IdOf(created, 3)), Update("NOTE", IdOf(created, 0), new JsonObject { ["body"] = "Kept and edited" }));
        await AcceptedAsync(api, Delete("NOTE", IdOf(created, 1)));
        var before = await api.PullAllAsync();

        var pruned = await owned.Server.Services.GetRequiredService<ISyncStore>().PruneAsync(long.MaxValue, long.MaxValue, Ct);

        Assert.Equal((1, 8L, 1L), (pruned.Users, pruned.LogEntries, pruned.Tombstones));
        var after = await api.PullAllAsync();
        Assert.Equal(before.Select(e => e.ToJsonString()), after.Select(e => e.ToJsonString()));
        var edited = await AcceptedAsync(api, Update("NOTE", IdOf(created, 0), new JsonObject { ["body"] = "Edited after pruning" }));
        Assert.Equal("Edited after pruning", Text(Assert.Single(await LogSinceAsync(api, edited.Head - 1))["data"]!["body"]));
    }

    [Fact]
    public async Task The_server_prunes_tombstones_on_its_schedule_by_its_own_clock()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow - TimeSpan.FromDays(40));
        await using var owned = await Fixture.StartServerAsync(
            new Dictionary<string, string?> { ["Syncline:Retention:TombstoneDays"] = "30", ["Syncline:Retention:IntervalMinutes"] = "60" }, time);
        using var api = owned.Server.Api(NewUserId());
        var created = await AcceptedAsync(api, Note("A note to delete", "1:1-1:1"));
        await AcceptedAsync(api, Delete("NOTE", IdOf(created)));
        Assert.Equal(HttpStatusCode.OK, (await api.PullAsync(created.Head)).Status);

        time.Advance(TimeSpan.FromDays(40));

        var status = HttpStatusCode.OK;
        for (var attempt = 0; attempt < 100 && status == HttpStatusCode.OK; attempt++)
        {
            await Task.Delay(100, Ct);
            status = (await api.PullAsync(created.Head)).Status;
        }

        Assert.Equal(HttpStatusCode.Gone, status);
    }

    /// <summary>Pushes <paramref name="count"/> notes in batches of 40; returns their ids in creation order.</summary>
    private static async Task<List<string>> SeedNotesAsync(SyncApi api, int count)
    {
        var ids = new List<string>();
        for (var first = 0; first < count; first += 40)
        {
            var reply = await AcceptedAsync(api, [.. Enumerable.Range(first, Math.Min(40, count - first)).Select(i => Note($"Note number {i}, as first written", "2:255-2:255"))]);
            ids.AddRange(reply.Mutations.Select(m => Text(m["resourceId"])));
        }

        return ids;
    }

    /// <summary>Between two pages, another device edits a note behind the reader and one ahead, deletes one ahead and adds one.</summary>
    private static async Task WriteBetweenPagesAsync(SyncApi other, List<string> notes, int page) =>
        await AcceptedAsync(
            other,
            Update("NOTE", notes[page], new JsonObject { ["body"] = $"Edited behind the reader after page {page}" }),
            Update("NOTE", notes[60 + page], new JsonObject { ["body"] = $"Edited ahead of the reader after page {page}" }),
            Delete("NOTE", notes[^(page + 1)]),
            Note($"Added after page {page} of the read", "3:1-3:1"));

    /// <summary>The records whose state after applying <paramref name="applied"/> in order differs from <paramref name="server"/>'s.</summary>
    private static List<string> StateDifferences(IEnumerable<JsonObject> applied, IEnumerable<JsonObject> server)
    {
        var (mine, theirs) = (Replay(applied), Replay(server));
        return [.. mine.Keys.Union(theirs.Keys)
            .Where(key => mine.GetValueOrDefault(key) != theirs.GetValueOrDefault(key))
            .Select(key => $"{key}: {mine.GetValueOrDefault(key) ?? "absent"} vs {theirs.GetValueOrDefault(key) ?? "absent"}")];
    }
}
