using Microsoft.Extensions.DependencyInjection;
using Syncline.Client.Tests.Support;
using Syncline.Server.Storage;

namespace Syncline.Client.Tests;

/// <summary>
/// A device away longer than the server keeps history: the real server prunes its tombstones and
/// answers the device's pull with 410 CursorTooOld, and the device pulls everything again from 0.
/// </summary>
public sealed class FullResyncTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task After_cursor_too_old_a_device_that_missed_deletes_ends_with_the_servers_state()
    {
        await using var devices = new Devices(fixture.Server);
        var network = new NetworkSwitch();
        var phone = await devices.OpenAsync("phone", network);
        var tablet = await devices.OpenAsync("tablet");
        await tablet.Collections.CreateAsync("Deleted while the phone was away", cancellationToken: Ct);
        await tablet.Bookmarks.AddAyahAsync(2, 255, cancellationToken: Ct);
        await tablet.Notes.AddAsync("deleted while the phone was away", ["1:1-1:2"], cancellationToken: Ct);
        await tablet.Notes.AddAsync("edited while the phone was away", ["1:1-1:2"], cancellationToken: Ct);
        await tablet.SyncAsync(Ct);
        var collectionId = (await tablet.Collections.ListAsync(Ct)).Single(c => c.Name == "Deleted while the phone was away").Id;
        var bookmarkId = Assert.Single(await tablet.Bookmarks.ListAsync(Ct)).Id;
        await tablet.CollectionBookmarks.AddAsync(collectionId, bookmarkId, Ct);
        await tablet.SyncAsync(Ct);
        await phone.SyncAsync(Ct);
        var deletedId = await NoteIdAsync(tablet, "deleted while the phone was away");
        var editedId = await NoteIdAsync(tablet, "edited while the phone was away");
        Assert.Single(await phone.CollectionBookmarks.ListAsync(collectionId, Ct));

        await tablet.Collections.DeleteAsync(collectionId, Ct);
        await tablet.Notes.DeleteAsync(deletedId, Ct);
        await tablet.Notes.EditAsync(editedId, "edited by the tablet", cancellationToken: Ct);
        await tablet.Notes.AddAsync("added while the phone was away", ["3:1-3:2"], cancellationToken: Ct);
        await tablet.SyncAsync(Ct);
        var cursor = (await phone.GetStatusAsync(Ct)).LastMutationAt;
        await PruneHistoryAsync(devices);
        network.Requests.Clear();

        var result = await phone.SyncAsync(Ct);

        Assert.True(result.IsComplete, result.ToString());
        Assert.True(result.FullResync);
        Assert.Equal([$"GET /v1/sync?mutationsSince={cursor}&limit=1000", "GET /v1/sync?mutationsSince=0&limit=1000"], network.Requests.Take(2));
        Assert.Equal(await SyncClientTests.SnapshotAsync(tablet), await SyncClientTests.SnapshotAsync(phone));
        Assert.Null(await phone.Collections.GetAsync(collectionId, Ct));
        Assert.Empty(await phone.CollectionBookmarks.ListAsync(collectionId, Ct));
        Assert.Null(await phone.Notes.GetAsync(deletedId, Ct));
        Assert.Equal("edited by the tablet", (await phone.Notes.GetAsync(editedId, Ct))!.Body);
        Assert.Equal(["added while the phone was away", "edited by the tablet"], (await phone.Notes.ListAsync(Ct)).Select(n => n.Body).Order());
        Assert.NotNull(await phone.Bookmarks.GetAsync(bookmarkId, Ct));
    }

    [Fact]
    public async Task After_cursor_too_old_queued_changes_are_pushed_after_the_resync_and_the_failed_list_is_unchanged()
    {
        await using var devices = new Devices(fixture.Server);
        var network = new NetworkSwitch();
        var phone = await devices.OpenAsync("phone", network);
        var tablet = await devices.OpenAsync("tablet");
        foreach (var body in new[] { "a note that is kept", "lost to a delete", "deleted while the phone was away" })
        {
            await tablet.Notes.AddAsync(body, ["1:1-1:2"], cancellationToken: Ct);
        }

        await tablet.SyncAsync(Ct);
        await phone.SyncAsync(Ct);
        var keptId = await NoteIdAsync(tablet, "a note that is kept");
        // A failed change first: the phone edits a note the tablet deletes; the DELETE wins (the default policy).
        network.Online = false;
        await phone.Notes.EditAsync(await NoteIdAsync(tablet, "lost to a delete"), "the phone's edit of a deleted note", cancellationToken: Ct);
        await tablet.Notes.DeleteAsync(await NoteIdAsync(tablet, "lost to a delete"), Ct);
        await tablet.SyncAsync(Ct);
        network.Online = true;
        Assert.Equal(1, (await phone.SyncAsync(Ct)).Failed);
        var failedBefore = Describe(await phone.Failed.ListAsync(Ct));
        // Then offline work on the phone while the tablet deletes, and the server prunes the tombstones.
        network.Online = false;
        await phone.Notes.EditAsync(keptId, "edited offline on the phone", cancellationToken: Ct);
        await phone.Notes.AddAsync("written offline on the phone", ["4:1-4:2"], cancellationToken: Ct);
        await tablet.Notes.DeleteAsync(await NoteIdAsync(tablet, "deleted while the phone was away"), Ct);
        await tablet.SyncAsync(Ct);
        await PruneHistoryAsync(devices);
        network.Online = true;

        var result = await phone.SyncAsync(Ct);

        Assert.True(result.IsComplete, result.ToString());
        Assert.True(result.FullResync);
        Assert.Equal((2, 0, 0, 0L), (result.Pushed, result.Conflicts, result.Failed, result.Pending));
        Assert.Equal(failedBefore, Describe(await phone.Failed.ListAsync(Ct)));
        Assert.Equal(["edited offline on the phone", "written offline on the phone"], (await phone.Notes.ListAsync(Ct)).Select(n => n.Body).Order());
        Assert.All(await phone.Notes.ListAsync(Ct), n => Assert.Equal(SyncStatus.Synced, n.Status));
        await tablet.SyncAsync(Ct);
        Assert.Equal(await SyncClientTests.SnapshotAsync(tablet), await SyncClientTests.SnapshotAsync(phone));
    }

    [Fact]
    public async Task After_cursor_too_old_a_local_edit_of_a_record_deleted_elsewhere_meets_the_conflict_policy_as_a_pulled_delete()
    {
        await using var devices = new Devices(fixture.Server);
        var network = new NetworkSwitch();
        var phone = await devices.OpenAsync("phone", network);
        var tablet = await devices.OpenAsync("tablet");
        await tablet.Notes.AddAsync("edited here, deleted there", ["1:1-1:2"], cancellationToken: Ct);
        await tablet.SyncAsync(Ct);
        await phone.SyncAsync(Ct);
        var id = await NoteIdAsync(tablet, "edited here, deleted there");
        network.Online = false;
        await phone.Notes.EditAsync(id, "the phone's edit of a note deleted elsewhere", cancellationToken: Ct);
        await tablet.Notes.DeleteAsync(id, Ct);
        await tablet.SyncAsync(Ct);
        await PruneHistoryAsync(devices);
        network.Online = true;

        var result = await phone.SyncAsync(Ct);

        // The default policy, as for a pulled DELETE: the remote DELETE wins and the local UPDATE moves to the failed list.
        Assert.True(result.FullResync);
        Assert.Equal((1, 1, 0L), (result.Conflicts, result.Failed, result.Pending));
        Assert.Null(await phone.Notes.GetAsync(id, Ct));
        var failed = Assert.Single(await phone.Failed.ListAsync(Ct));
        Assert.Equal(("UPDATE", id, "the phone's edit of a note deleted elsewhere"), (failed.Type, failed.ResourceId, failed.Data["body"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_full_resync_cut_off_half_way_is_resumed_by_the_next_sync_and_converges()
    {
        await using var devices = new Devices(fixture.Server);
        var phone = await devices.OpenAsync("phone", configure: o => o.PullPageSize = 5);
        var tablet = await devices.OpenAsync("tablet");
        foreach (var body in new[] { "a note that is kept", "deleted first", "deleted second" })
        {
            await tablet.Notes.AddAsync(body, ["1:1-1:2"], cancellationToken: Ct);
        }

        await tablet.SyncAsync(Ct);
        await phone.SyncAsync(Ct);
        await tablet.Notes.DeleteAsync(await NoteIdAsync(tablet, "deleted first"), Ct);
        await tablet.Notes.DeleteAsync(await NoteIdAsync(tablet, "deleted second"), Ct);
        for (var i = 1; i <= 12; i++)
        {
            await tablet.Notes.AddAsync($"added after the deletes {i:00}", [$"2:{i}-2:{i}"], cancellationToken: Ct);
        }

        await tablet.SyncAsync(Ct);
        await PruneHistoryAsync(devices);

        // The app is closed once the resync's first page is applied.
        using var closing = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        phone.Progress += (_, _) => closing.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => phone.SyncAsync(closing.Token));
        await phone.DisposeAsync();
        var network = new NetworkSwitch();
        var reopened = await devices.OpenAsync("phone", network, o => o.PullPageSize = 5);
        var cutOffAt = (await reopened.GetStatusAsync(Ct)).LastMutationAt;
        var notesBefore = (await reopened.Notes.ListAsync(Ct)).Select(n => n.Body).ToList();

        var result = await reopened.SyncAsync(Ct);

        // Cut off mid-way: one page in (the kept note, the default collection, three new notes), nothing swept yet.
        Assert.Equal(["a note that is kept", "deleted first", "deleted second", "added after the deletes 01", "added after the deletes 02", "added after the deletes 03"], notesBefore);
        // Resumed from where it stopped, not from 0 (the walk still counts as one from 0), and finished with the sweep.
        Assert.Equal($"GET /v1/sync?mutationsSince={cutOffAt}&limit=5&startedFrom=0", network.Requests[0]);
        Assert.True(result.IsComplete, result.ToString());
        Assert.True(result.FullResync);
        Assert.Equal(await SyncClientTests.SnapshotAsync(tablet), await SyncClientTests.SnapshotAsync(reopened));
        Assert.Equal(13, (await reopened.Notes.ListAsync(Ct)).Count);
    }

    [Fact]
    public async Task A_push_whose_response_was_lost_is_settled_before_the_full_resync_and_applied_once()
    {
        await using var devices = new Devices(fixture.Server);
        var network = new NetworkSwitch();
        var phone = await devices.OpenAsync("phone", network);
        var tablet = await devices.OpenAsync("tablet");
        await tablet.Notes.AddAsync("deleted while the phone was away", ["1:1-1:2"], cancellationToken: Ct);
        await tablet.SyncAsync(Ct);
        await phone.SyncAsync(Ct);
        await phone.Notes.AddAsync("sent, its response lost", ["5:1-5:2"], cancellationToken: Ct);
        // The server applies the push; the app is closed before the response arrives.
        using var closing = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        network.AfterPush = closing.CancelAsync;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => phone.SyncAsync(closing.Token));
        network.AfterPush = null;
        await tablet.SyncAsync(Ct);
        await tablet.Notes.DeleteAsync(await NoteIdAsync(tablet, "deleted while the phone was away"), Ct);
        await tablet.SyncAsync(Ct);
        await PruneHistoryAsync(devices);

        var result = await phone.SyncAsync(Ct);

        Assert.True(result.IsComplete, result.ToString());
        Assert.True(result.FullResync);
        Assert.Equal((0, 0), (result.Conflicts, result.Failed));
        var note = Assert.Single(await phone.Notes.ListAsync(Ct));
        Assert.Equal(("sent, its response lost", SyncStatus.Synced), (note.Body, note.Status));
        using var api = devices.ServerApi();
        Assert.Single(await api.PullAllAsync(), e => e["data"]!["body"]?.GetValue<string>() == "sent, its response lost");
        Assert.Empty(await phone.Failed.ListAsync(Ct));
    }

    // Review finding: keyset pages of a walk from 0 pass timestamps older than the prune horizon; judged by
    // the page's own mutationsSince, page 2 got 410 and the walk never ended.
    [Fact]
    public async Task A_fresh_device_pulls_every_page_when_old_records_lie_behind_the_prune_horizon()
    {
        await using var devices = new Devices(fixture.Server);
        var tablet = await devices.OpenAsync("tablet");
        await TwelveNotesOneDeletedAndPrunedAsync(devices, tablet);
        var phone = await devices.OpenAsync("phone", configure: o => o.PullPageSize = 5);

        var result = await phone.SyncAsync(Ct);

        Assert.True(result.IsComplete, result.ToString());
        Assert.False(result.FullResync);
        Assert.Equal(await SyncClientTests.SnapshotAsync(tablet), await SyncClientTests.SnapshotAsync(phone));
    }

    [Fact]
    public async Task A_full_resync_of_several_pages_passes_the_prune_horizon_and_converges()
    {
        await using var devices = new Devices(fixture.Server);
        var phone = await devices.OpenAsync("phone", configure: o => o.PullPageSize = 5);
        var tablet = await devices.OpenAsync("tablet");
        await tablet.Notes.AddAsync("seen by the phone before it went away", ["1:1-1:2"], cancellationToken: Ct);
        await tablet.SyncAsync(Ct);
        await phone.SyncAsync(Ct);
        await TwelveNotesOneDeletedAndPrunedAsync(devices, tablet);

        var result = await phone.SyncAsync(Ct);

        Assert.True(result.IsComplete, result.ToString());
        Assert.True(result.FullResync);
        Assert.Equal(await SyncClientTests.SnapshotAsync(tablet), await SyncClientTests.SnapshotAsync(phone));
    }

    /// <summary>Twelve notes synced, then one deleted, and the history pruned: the horizon lies after all twelve notes.</summary>
    private async Task TwelveNotesOneDeletedAndPrunedAsync(Devices devices, SyncClient tablet)
    {
        for (var i = 1; i <= 12; i++)
        {
            await tablet.Notes.AddAsync($"kept note number {i}", ["1:1-1:2"], cancellationToken: Ct);
        }

        await tablet.SyncAsync(Ct);
        await tablet.Notes.DeleteAsync(await NoteIdAsync(tablet, "kept note number 12"), Ct);
        await tablet.SyncAsync(Ct);
        await PruneHistoryAsync(devices);
    }

    private static async Task<string> NoteIdAsync(SyncClient client, string body) =>
        (await client.Notes.ListAsync(Ct)).Single(n => n.Body == body).Id;

    private static List<string> Describe(IReadOnlyList<FailedMutation> failed) =>
        [.. failed.Select(f => $"{f.Id} {f.Type} {f.Resource} {f.ResourceId} {f.Data.ToJsonString()} {f.Reason}")];

    /// <summary>Prunes the user's whole history (log and tombstones), as the server's retention does once it is old enough.</summary>
    private async Task PruneHistoryAsync(Devices devices)
    {
        using var api = devices.ServerApi();
        var head = await api.HeadAsync();
        var pruned = await fixture.Server.Services.GetRequiredService<ISyncStore>().PruneAsync(head + 1, head + 1, Ct);
        Assert.True(pruned.Tombstones > 0, "the test needs a pruned tombstone for the server to answer 410");
    }
}
