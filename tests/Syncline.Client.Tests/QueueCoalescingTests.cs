using System.Text.Json.Nodes;
using Syncline.Client.Store;
using Syncline.Client.Sync;
using Syncline.Client.Tests.Support;

namespace Syncline.Client.Tests;

/// <summary>The pure folding of a queue before push: which mutations are rewritten, dropped, and which records vanish.</summary>
public sealed class QueueCoalescingTests
{
    private const string Note = "NOTE";
    private const string Collection = "COLLECTION";
    private const string Bookmark = "BOOKMARK";
    private const string Link = "COLLECTION_BOOKMARK";

    [Fact]
    public void Create_then_updates_become_one_create_with_the_final_fields()
    {
        var plan = Fold(
        [
            Create(1, Note, "local_n", new() { ["body"] = "first draft", ["ranges"] = Ranges("1:1-1:7") }),
            Update(2, Note, "local_n", new() { ["body"] = "second draft" }),
            Update(3, Note, "local_n", new() { ["body"] = "final text", ["saveToQR"] = true }),
        ]);

        var create = Assert.Single(plan.Rewritten);
        Assert.Equal((3L, "CREATE"), (create.Id, create.Type));
        AssertJson(new() { ["body"] = "final text", ["ranges"] = Ranges("1:1-1:7"), ["saveToQR"] = true }, create.Data);
        Assert.Equal([1L, 2L], plan.Dropped.Order());
        Assert.Empty(plan.Vanished);
    }

    [Fact]
    public void Updates_of_one_record_become_one_update_holding_every_field_with_its_latest_value()
    {
        var plan = Fold(
        [
            Update(1, Collection, "c1", new() { ["name"] = "Morning" }),
            Update(2, Collection, "c1", new() { ["isPrivate"] = false }),
            Update(3, Collection, "c1", new() { ["name"] = "Evening" }),
        ]);

        var update = Assert.Single(plan.Rewritten);
        Assert.Equal((3L, "UPDATE", "c1"), (update.Id, update.Type, update.ResourceId));
        AssertJson(new() { ["name"] = "Evening", ["isPrivate"] = false }, update.Data);
        Assert.Equal([1L, 2L], plan.Dropped.Order());
        Assert.Empty(plan.Vanished);
    }

    [Fact]
    public void Create_then_delete_leaves_nothing_and_the_record_vanishes()
    {
        var plan = Fold(
        [
            Create(1, Note, "local_n", new() { ["body"] = "never sent", ["ranges"] = Ranges("2:1-2:5") }),
            Delete(2, Note, "local_n"),
        ]);

        Assert.Empty(plan.Rewritten);
        Assert.Equal([1L, 2L], plan.Dropped.Order());
        Assert.Equal([(Note, "local_n")], plan.Vanished);
    }

    [Fact]
    public void Create_update_and_delete_leave_nothing()
    {
        var plan = Fold(
        [
            Create(1, Collection, "local_c", new() { ["name"] = "Draft", ["isPrivate"] = true }),
            Update(2, Collection, "local_c", new() { ["name"] = "Renamed" }),
            Delete(3, Collection, "local_c"),
        ]);

        Assert.Empty(plan.Rewritten);
        Assert.Equal([1L, 2L, 3L], plan.Dropped.Order());
        Assert.Equal([(Collection, "local_c")], plan.Vanished);
    }

    [Fact]
    public void Queued_links_to_a_record_created_and_deleted_go_with_it()
    {
        var plan = Fold(
        [
            Create(1, Collection, "local_c", new() { ["name"] = "Short-lived", ["isPrivate"] = true }),
            Create(2, Bookmark, "local_b", new() { ["type"] = "ayah", ["key"] = 2, ["verseNumber"] = 255, ["mushaf"] = 1 }),
            LinkCreate(3, "local_c", "local_b"),
            LinkCreate(4, "__default__", "local_b"),
            Delete(5, Collection, "local_c"),
        ]);

        Assert.Empty(plan.Rewritten);
        Assert.Equal([1L, 3L, 5L], plan.Dropped.Order());
        Assert.Equal([(Collection, "local_c"), (Link, "local_c-local_b")], plan.Vanished.Order());
    }

    [Fact]
    public void Queued_links_to_a_bookmark_created_and_deleted_go_with_it()
    {
        var plan = Fold(
        [
            Create(1, Bookmark, "local_b", new() { ["type"] = "surah", ["key"] = 18, ["mushaf"] = 1 }),
            LinkCreate(2, "c1", "local_b"),
            Delete(3, Bookmark, "local_b"),
        ]);

        Assert.Empty(plan.Rewritten);
        Assert.Equal([1L, 2L, 3L], plan.Dropped.Order());
        Assert.Equal([(Bookmark, "local_b"), (Link, "c1-local_b")], plan.Vanished.Order());
    }

    [Fact]
    public void Update_then_delete_becomes_the_delete()
    {
        var plan = Fold(
        [
            Update(1, Note, "n1", new() { ["body"] = "an edit nobody needs" }),
            Update(2, Note, "n1", new() { ["body"] = "another edit nobody needs" }),
            Delete(3, Note, "n1"),
        ]);

        Assert.Empty(plan.Rewritten);
        Assert.Equal([1L, 2L], plan.Dropped.Order());
        Assert.Empty(plan.Vanished);
    }

    [Fact]
    public void A_link_deleted_then_created_again_becomes_the_create()
    {
        var plan = Fold([LinkDelete(1, "c1", "b1"), LinkCreate(2, "c1", "b1")]);

        Assert.Empty(plan.Rewritten);
        Assert.Equal([1L], plan.Dropped);
        Assert.Empty(plan.Vanished);
    }

    [Fact]
    public void A_new_link_removed_and_added_again_stays_one_create_and_does_not_vanish()
    {
        var plan = Fold([LinkCreate(1, "c1", "b1"), LinkDelete(2, "c1", "b1"), LinkCreate(3, "c1", "b1")]);

        Assert.Empty(plan.Rewritten);
        Assert.Equal([1L, 2L], plan.Dropped.Order());
        Assert.Empty(plan.Vanished);
    }

    [Fact]
    public void A_synced_link_removed_added_and_removed_again_stays_one_delete()
    {
        var plan = Fold([LinkDelete(1, "c1", "b1"), LinkCreate(2, "c1", "b1"), LinkDelete(3, "c1", "b1")]);

        Assert.Empty(plan.Rewritten);
        Assert.Equal([1L, 2L], plan.Dropped.Order());
        Assert.Empty(plan.Vanished);
    }

    [Fact]
    public void A_link_the_server_has_added_back_by_an_earlier_fold_then_removed_again_stays_a_delete()
    {
        var plan = QueueCoalescing.Coalesce([LinkCreate(2, "c1", "b1"), LinkDelete(3, "c1", "b1")], new HashSet<(string, string)> { (Link, "c1-b1") });

        Assert.Empty(plan.Rewritten);
        Assert.Equal([2L], plan.Dropped);
        Assert.Empty(plan.Vanished);
    }

    [Fact]
    public void Mutations_in_a_sent_batch_are_never_folded_with_later_ones()
    {
        var plan = Fold(
        [
            Create(1, Note, "local_n", new() { ["body"] = "sent already", ["ranges"] = Ranges("3:1-3:2") }, batch: "key-1"),
            Update(2, Note, "local_n", new() { ["body"] = "edited after the send" }),
            Update(3, Collection, "c1", new() { ["name"] = "Sent" }, batch: "key-1"),
            Update(4, Collection, "c1", new() { ["isPrivate"] = false }),
            Update(5, Collection, "c1", new() { ["name"] = "Later" }),
        ]);

        var update = Assert.Single(plan.Rewritten);
        Assert.Equal((5L, (string?)null), (update.Id, update.BatchKey));
        AssertJson(new() { ["isPrivate"] = false, ["name"] = "Later" }, update.Data);
        Assert.Equal([4L], plan.Dropped);
        Assert.Empty(plan.Vanished);
    }

    [Fact]
    public void A_record_whose_create_is_in_a_sent_batch_does_not_vanish_when_deleted()
    {
        var plan = Fold(
        [
            Create(1, Note, "local_n", new() { ["body"] = "on its way", ["ranges"] = Ranges("3:1-3:2") }, batch: "key-1"),
            Update(2, Note, "local_n", new() { ["body"] = "edited meanwhile" }),
            Delete(3, Note, "local_n"),
        ]);

        Assert.Empty(plan.Rewritten);
        Assert.Equal([2L], plan.Dropped);
        Assert.Empty(plan.Vanished);
    }

    [Fact]
    public void A_link_in_a_sent_batch_stays_when_its_collection_vanishes()
    {
        var plan = Fold(
        [
            LinkCreate(1, "local_c", "b1", batch: "key-1"),
            Create(2, Collection, "local_c", new() { ["name"] = "Gone", ["isPrivate"] = true }),
            Delete(3, Collection, "local_c"),
        ]);

        Assert.DoesNotContain(1L, plan.Dropped);
        Assert.Equal([(Collection, "local_c")], plan.Vanished);
    }

    [Fact]
    public void Mutations_of_different_records_are_not_folded_together()
    {
        var plan = Fold(
        [
            Update(1, Note, "x1", new() { ["body"] = "note x1 edited" }),
            Update(2, Collection, "x1", new() { ["isPrivate"] = false }),
            Update(3, Note, "x2", new() { ["body"] = "note x2 edited" }),
            Delete(4, Collection, "x2"),
        ]);

        Assert.Empty(plan.Rewritten);
        Assert.Empty(plan.Dropped);
        Assert.Empty(plan.Vanished);
    }

    [Fact]
    public void Coalescing_leaves_the_queued_mutations_it_reads_unchanged()
    {
        var create = Create(1, Note, "local_n", new() { ["body"] = "first draft", ["ranges"] = Ranges("1:1-1:7") });
        var update = Update(2, Note, "local_n", new() { ["body"] = "second draft" });

        Fold([create, update]);

        AssertJson(new() { ["body"] = "first draft", ["ranges"] = Ranges("1:1-1:7") }, create.Data);
        AssertJson(new() { ["body"] = "second draft" }, update.Data);
    }

    /// <summary>The same rules end to end: what a device's offline writes leave in the server's log after a sync.</summary>
    public sealed class OnTheServer(ServerFixture fixture) : IClassFixture<ServerFixture>
    {
        private static CancellationToken Ct => TestContext.Current.CancellationToken;

        [Fact]
        public async Task A_note_created_then_edited_twice_offline_reaches_the_server_as_one_create_with_the_final_body()
        {
            await using var devices = new Devices(fixture.Server);
            var network = new NetworkSwitch { Online = false };
            var phone = await devices.OpenAsync("phone", network);
            var note = await phone.Notes.AddAsync("First draft of the note", ["2:255-2:255"], cancellationToken: Ct);
            await phone.Notes.EditAsync(note.Id, "Second draft of the note", cancellationToken: Ct);
            await phone.Notes.EditAsync(note.Id, "The final text of the note", ["2:255-2:257"], Ct);

            network.Online = true;
            var result = await phone.SyncAsync(Ct);

            Assert.Equal(1, result.Pushed);
            var entry = Assert.Single(await devices.EntriesAsync(Note));
            Assert.Equal("CREATE", entry["type"]!.GetValue<string>());
            Assert.Equal("The final text of the note", entry["data"]!["body"]!.GetValue<string>());
            var synced = Assert.Single(await phone.Notes.ListAsync(Ct));
            Assert.Equal((entry["resourceId"]!.GetValue<string>(), "The final text of the note", SyncStatus.Synced), (synced.Id, synced.Body, synced.Status));
            Assert.Equal(["2:255-2:257"], synced.Ranges);
        }

        [Fact]
        public async Task Offline_edits_of_a_synced_collection_reach_the_server_as_one_update_with_every_field()
        {
            await using var devices = new Devices(fixture.Server);
            var network = new NetworkSwitch();
            var phone = await devices.OpenAsync("phone", network);
            await phone.Collections.CreateAsync("Morning", cancellationToken: Ct);
            await phone.SyncAsync(Ct);
            var id = Assert.Single(await phone.Collections.ListAsync(Ct), c => c.Name == "Morning").Id;

            network.Online = false;
            await phone.Collections.RenameAsync(id, "Evening", Ct);
            await phone.Collections.SetPrivateAsync(id, false, Ct);
            await phone.Collections.RenameAsync(id, "Night reading", Ct);
            network.Online = true;
            var result = await phone.SyncAsync(Ct);

            Assert.Equal(1, result.Pushed);
            var entries = await devices.EntriesAsync(Collection, id);
            Assert.Equal(["CREATE", "UPDATE"], entries.Types());
            Assert.Equal(("Night reading", false), (entries[1]["data"]!["name"]!.GetValue<string>(), entries[1]["data"]!["isPrivate"]!.GetValue<bool>()));
            Assert.Equal(new Collection(id, "Night reading", false, false, SyncStatus.Synced), await phone.Collections.GetAsync(id, Ct));
        }

        [Fact]
        public async Task A_note_created_and_deleted_offline_never_reaches_the_server()
        {
            await using var devices = new Devices(fixture.Server);
            var network = new NetworkSwitch { Online = false };
            var phone = await devices.OpenAsync("phone", network);
            await phone.Notes.AddAsync("The note that stays", ["1:1-1:7"], cancellationToken: Ct);
            var draft = await phone.Notes.AddAsync("A note written by mistake", ["2:1-2:5"], cancellationToken: Ct);
            await phone.Notes.EditAsync(draft.Id, "A note written by mistake, edited", cancellationToken: Ct);
            await phone.Notes.DeleteAsync(draft.Id, Ct);

            network.Online = true;
            var result = await phone.SyncAsync(Ct);

            Assert.Equal((1, 0L), (result.Pushed, result.Pending));
            var entry = Assert.Single(await devices.EntriesAsync(Note));
            Assert.Equal(("CREATE", "The note that stays"), (entry["type"]!.GetValue<string>(), entry["data"]!["body"]!.GetValue<string>()));
            Assert.Equal("The note that stays", Assert.Single(await phone.Notes.ListAsync(Ct)).Body);
        }

        [Fact]
        public async Task A_collection_created_and_deleted_offline_never_reaches_the_server_and_neither_do_its_links()
        {
            await using var devices = new Devices(fixture.Server);
            var network = new NetworkSwitch { Online = false };
            var phone = await devices.OpenAsync("phone", network);
            var bookmark = await phone.Bookmarks.AddAyahAsync(2, 255, cancellationToken: Ct);
            var collection = await phone.Collections.CreateAsync("Short-lived", cancellationToken: Ct);
            await phone.CollectionBookmarks.AddAsync(collection.Id, bookmark.Id, Ct);
            await phone.Collections.DeleteAsync(collection.Id, Ct);

            network.Online = true;
            var result = await phone.SyncAsync(Ct);

            Assert.Equal((1, 0L), (result.Pushed, result.Pending));
            Assert.Equal(["CREATE"], (await devices.EntriesAsync(Bookmark)).Types());
            Assert.Empty(await devices.EntriesAsync(Link));
            Assert.Equal(["__default__"], (await devices.EntriesAsync(Collection)).Select(e => e["resourceId"]!.GetValue<string>()));
            Assert.Empty(await phone.CollectionBookmarks.ListAsync(cancellationToken: Ct));
            Assert.Equal(["__default__"], (await phone.Collections.ListAsync(Ct)).Select(c => c.Id));
        }

        [Fact]
        public async Task A_synced_note_edited_then_deleted_offline_reaches_the_server_as_one_delete()
        {
            await using var devices = new Devices(fixture.Server);
            var network = new NetworkSwitch();
            var phone = await devices.OpenAsync("phone", network);
            await phone.Notes.AddAsync("A note about to be deleted", ["3:1-3:2"], cancellationToken: Ct);
            await phone.SyncAsync(Ct);
            var id = Assert.Single(await phone.Notes.ListAsync(Ct)).Id;

            network.Online = false;
            await phone.Notes.EditAsync(id, "An edit that no one will read", cancellationToken: Ct);
            await phone.Notes.DeleteAsync(id, Ct);
            network.Online = true;
            var result = await phone.SyncAsync(Ct);

            Assert.Equal(1, result.Pushed);
            Assert.Equal(["CREATE", "DELETE"], (await devices.EntriesAsync(Note, id)).Types());
            Assert.Empty(await phone.Notes.ListAsync(Ct));
        }

        [Fact]
        public async Task A_new_link_removed_and_added_back_offline_reaches_the_server_once_and_stays_on_the_device()
        {
            await using var devices = new Devices(fixture.Server);
            var network = new NetworkSwitch();
            var phone = await devices.OpenAsync("phone", network);
            var (collectionId, bookmarkId) = await SyncedCollectionAndBookmarkAsync(phone);

            network.Online = false;
            await phone.CollectionBookmarks.AddAsync(collectionId, bookmarkId, Ct);
            await phone.CollectionBookmarks.RemoveAsync(collectionId, bookmarkId, Ct);
            await phone.CollectionBookmarks.AddAsync(collectionId, bookmarkId, Ct);
            network.Online = true;
            var result = await phone.SyncAsync(Ct);

            Assert.Equal((1, 0L), (result.Pushed, result.Pending));
            Assert.Equal(["CREATE"], (await devices.EntriesAsync(Link)).Types());
            Assert.Equal([new CollectionBookmark(collectionId, bookmarkId, SyncStatus.Synced)], await phone.CollectionBookmarks.ListAsync(collectionId, Ct));
        }

        [Fact]
        public async Task A_synced_link_removed_added_back_and_removed_again_offline_is_removed_on_the_server()
        {
            await using var devices = new Devices(fixture.Server);
            var network = new NetworkSwitch();
            var phone = await devices.OpenAsync("phone", network);
            var (collectionId, bookmarkId) = await SyncedCollectionAndBookmarkAsync(phone);
            await phone.CollectionBookmarks.AddAsync(collectionId, bookmarkId, Ct);
            await phone.SyncAsync(Ct);

            network.Online = false;
            await phone.CollectionBookmarks.RemoveAsync(collectionId, bookmarkId, Ct);
            await phone.CollectionBookmarks.AddAsync(collectionId, bookmarkId, Ct);
            await phone.CollectionBookmarks.RemoveAsync(collectionId, bookmarkId, Ct);
            network.Online = true;
            var result = await phone.SyncAsync(Ct);

            Assert.Equal((1, 0L), (result.Pushed, result.Pending));
            Assert.Equal(["CREATE", "DELETE"], (await devices.EntriesAsync(Link)).Types());
            Assert.Empty(await phone.CollectionBookmarks.ListAsync(collectionId, Ct));
        }

        [Fact]
        public async Task A_batch_whose_response_was_lost_is_resent_as_it_was_and_a_later_edit_follows_as_an_update()
        {
            await using var devices = new Devices(fixture.Server);
            var network = new NetworkSwitch();
            var phone = await devices.OpenAsync("phone", network);
            var note = await phone.Notes.AddAsync("The body that was sent", ["4:1-4:3"], cancellationToken: Ct);
            network.DropNextPushResponses(100);
            var lost = await phone.SyncAsync(Ct);

            network.Online = false;
            await phone.Notes.EditAsync(note.Id, "The body edited after the send", cancellationToken: Ct);
            network.DropNextPushResponses(0);
            network.Online = true;
            var result = await phone.SyncAsync(Ct);

            Assert.True(lost.Offline);
            Assert.True(result.IsComplete);
            var entries = await devices.EntriesAsync(Note);
            Assert.Equal(["CREATE", "UPDATE"], entries.Types());
            Assert.Equal("The body that was sent", entries[0]["data"]!["body"]!.GetValue<string>());
            Assert.Equal("The body edited after the send", entries[1]["data"]!["body"]!.GetValue<string>());
            var synced = Assert.Single(await phone.Notes.ListAsync(Ct));
            Assert.Equal((entries[0]["resourceId"]!.GetValue<string>(), "The body edited after the send", SyncStatus.Synced), (synced.Id, synced.Body, synced.Status));
        }

        private static async Task<(string CollectionId, string BookmarkId)> SyncedCollectionAndBookmarkAsync(SyncClient phone)
        {
            await phone.Bookmarks.AddAyahAsync(36, 1, cancellationToken: Ct);
            await phone.Collections.CreateAsync("Reading list", cancellationToken: Ct);
            await phone.SyncAsync(Ct);
            return (Assert.Single(await phone.Collections.ListAsync(Ct), c => !c.IsDefault).Id, Assert.Single(await phone.Bookmarks.ListAsync(Ct)).Id);
        }
    }

    /// <summary>Folds a queue of records the server is not known to hold.</summary>
    private static QueueCoalescing.Plan Fold(IReadOnlyList<QueuedMutation> queue) => QueueCoalescing.Coalesce(queue, new HashSet<(string, string)>());

    private static QueuedMutation Create(long id, string resource, string resourceId, JsonObject data, string? batch = null) =>
        new(id, "CREATE", resource, resourceId, data, 1000 + id, 0, null, batch);

    private static QueuedMutation Update(long id, string resource, string resourceId, JsonObject data, string? batch = null) =>
        new(id, "UPDATE", resource, resourceId, data, 1000 + id, 0, null, batch);

    private static QueuedMutation Delete(long id, string resource, string resourceId, string? batch = null) =>
        new(id, "DELETE", resource, resourceId, [], 1000 + id, 0, null, batch);

    private static QueuedMutation LinkCreate(long id, string collectionId, string bookmarkId, string? batch = null) =>
        new(id, "CREATE", Link, $"{collectionId}-{bookmarkId}", new() { ["collectionId"] = collectionId, ["bookmarkId"] = bookmarkId }, 1000 + id, 0, null, batch);

    private static QueuedMutation LinkDelete(long id, string collectionId, string bookmarkId, string? batch = null) =>
        new(id, "DELETE", Link, $"{collectionId}-{bookmarkId}", new() { ["collectionId"] = collectionId, ["bookmarkId"] = bookmarkId }, 1000 + id, 0, null, batch);

    private static JsonArray Ranges(params string[] ranges) => [.. ranges.Select(r => (JsonNode)r)];

    private static void AssertJson(JsonObject expected, JsonObject actual) =>
        Assert.True(JsonNode.DeepEquals(expected, actual), $"Expected {expected.ToJsonString()}, got {actual.ToJsonString()}");
}
