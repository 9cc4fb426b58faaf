using Syncline.Client.Tests.Support;

namespace Syncline.Client.Tests;

/// <summary>Pushes the server applied but whose response never arrived, meeting later changes and failures.</summary>
public sealed class LostResponseTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_batch_that_may_have_been_applied_is_never_given_up_even_after_later_refusals_to_connect()
    {
        await using var devices = new Devices(fixture.Server);
        var network = new NetworkSwitch();
        var phone = await devices.OpenAsync("phone", network, o => (o.MaxTransientRetries, o.MaxMutationAttempts) = (0, 3));
        await phone.Collections.CreateAsync("Once only", cancellationToken: Ct);
        network.DropNextPushResponses(1);
        await phone.SyncAsync(Ct);
        network.RefusePushes = true;
        for (var i = 0; i < 5; i++)
        {
            // Every resend is refused at connect: "surely not applied", each time; nothing is pulled meanwhile.
            await phone.SyncAsync(Ct);
        }

        network.RefusePushes = false;
        var result = await phone.SyncAsync(Ct);

        Assert.Empty(await phone.Failed.ListAsync(Ct));
        Assert.True(result.IsComplete, result.ToString());
        using var api = devices.ServerApi();
        Assert.Single(await api.PullAllAsync(), e => e["data"]!["name"]?.GetValue<string>() == "Once only");
        Assert.Single(await phone.Collections.ListAsync(Ct), c => c.Name == "Once only");
    }

    [Fact]
    public async Task A_late_acknowledgement_does_not_overwrite_a_newer_edit_from_another_device()
    {
        await using var devices = new Devices(fixture.Server);
        var network = new NetworkSwitch();
        var phone = await devices.OpenAsync("phone", network, o => o.MaxTransientRetries = 0);
        var tablet = await devices.OpenAsync("tablet");
        await phone.Notes.AddAsync("original body", ["1:1-1:2"], cancellationToken: Ct);
        await phone.SyncAsync(Ct);
        var id = (await phone.Notes.ListAsync(Ct)).Single().Id;
        await tablet.SyncAsync(Ct);
        await phone.Notes.EditAsync(id, "phone edit body", cancellationToken: Ct);
        network.DropNextPushResponses(1);
        await phone.SyncAsync(Ct);
        await tablet.SyncAsync(Ct);
        await tablet.Notes.EditAsync(id, "tablet edit body", cancellationToken: Ct);
        await tablet.SyncAsync(Ct);

        await phone.SyncAsync(Ct);

        Assert.Equal("tablet edit body", (await phone.Notes.GetAsync(id, Ct))!.Body);
        Assert.Equal(await SyncClientTests.SnapshotAsync(tablet), await SyncClientTests.SnapshotAsync(phone));
    }

    [Fact]
    public async Task A_late_acknowledgement_of_a_create_does_not_bring_back_what_another_device_deleted()
    {
        await using var devices = new Devices(fixture.Server);
        var network = new NetworkSwitch();
        var phone = await devices.OpenAsync("phone", network, o => o.MaxTransientRetries = 0);
        var tablet = await devices.OpenAsync("tablet");
        await phone.SyncAsync(Ct);
        await phone.Notes.AddAsync("to be deleted elsewhere", ["1:1-1:2"], cancellationToken: Ct);
        network.DropNextPushResponses(1);
        await phone.SyncAsync(Ct);
        await tablet.SyncAsync(Ct);
        await tablet.Notes.DeleteAsync((await tablet.Notes.ListAsync(Ct)).Single().Id, Ct);
        await tablet.SyncAsync(Ct);

        var result = await phone.SyncAsync(Ct);

        Assert.True(result.IsComplete, result.ToString());
        Assert.Empty(await phone.Notes.ListAsync(Ct));
    }

    [Fact]
    public async Task A_token_without_a_resources_scope_still_catches_up_with_the_head_and_pushes()
    {
        await using var devices = new Devices(fixture.Server);
        var phone = await devices.OpenAsync("phone", configure: o =>
            o.TokenProvider = _ => ValueTask.FromResult(fixture.Server.Token(devices.UserId, "sync bookmark collection")));
        var tablet = await devices.OpenAsync("tablet");
        await tablet.Bookmarks.AddAyahAsync(1, 1, cancellationToken: Ct);
        await tablet.SyncAsync(Ct);
        await phone.SyncAsync(Ct);
        await tablet.Notes.AddAsync("a note the phone may not read", ["1:1-1:2"], cancellationToken: Ct);
        await tablet.SyncAsync(Ct);

        await phone.Bookmarks.AddAyahAsync(2, 255, cancellationToken: Ct);
        var result = await phone.SyncAsync(Ct);

        Assert.True(result.IsComplete, result.ToString());
        Assert.Empty(await phone.Notes.ListAsync(Ct));
    }

    [Fact]
    public async Task Reading_bookmark_set_a_b_a_offline_ends_on_a_everywhere()
    {
        await using var devices = new Devices(fixture.Server);
        var network = new NetworkSwitch();
        var phone = await devices.OpenAsync("phone", network);
        await phone.Bookmarks.AddAyahAsync(2, 1, cancellationToken: Ct);
        await phone.Bookmarks.AddAyahAsync(2, 2, cancellationToken: Ct);
        await phone.SyncAsync(Ct);
        var list = await phone.Bookmarks.ListAsync(Ct);
        var a = list.Single(x => x.VerseNumber == 1).Id;
        var b = list.Single(x => x.VerseNumber == 2).Id;
        network.Online = false;
        await phone.Bookmarks.SetReadingAsync(a, Ct);
        await phone.Bookmarks.SetReadingAsync(b, Ct);
        await phone.Bookmarks.SetReadingAsync(a, Ct);
        network.Online = true;

        await phone.SyncAsync(Ct);
        var tablet = await devices.OpenAsync("tablet");
        await tablet.SyncAsync(Ct);

        Assert.Equal([a], (await phone.Bookmarks.ListAsync(Ct)).Where(x => x.IsReading).Select(x => x.Id));
        Assert.Equal([a], (await tablet.Bookmarks.ListAsync(Ct)).Where(x => x.IsReading).Select(x => x.Id));
    }

    [Fact]
    public async Task A_late_acknowledgement_after_a_pull_that_met_both_the_echo_and_a_newer_edit_ends_on_the_newer_edit()
    {
        await using var devices = new Devices(fixture.Server);
        var network = new NetworkSwitch();
        var phone = await devices.OpenAsync("phone", network, o => o.MaxTransientRetries = 0);
        var tablet = await devices.OpenAsync("tablet");
        await phone.Notes.AddAsync("original body", ["1:1-1:2"], cancellationToken: Ct);
        await phone.SyncAsync(Ct);
        var id = (await phone.Notes.ListAsync(Ct)).Single().Id;
        await tablet.SyncAsync(Ct);
        await phone.Notes.EditAsync(id, "phone edit body", cancellationToken: Ct);
        network.DropNextPushResponses(1);
        await phone.SyncAsync(Ct);
        await tablet.SyncAsync(Ct);
        await tablet.Notes.EditAsync(id, "tablet edit body", cancellationToken: Ct);
        await tablet.SyncAsync(Ct);

        network.RefusePushes = true;
        await phone.SyncAsync(Ct);
        network.RefusePushes = false;
        var result = await phone.SyncAsync(Ct);

        using var api = devices.ServerApi();
        var serverBody = (await api.PullAllAsync()).Last(e => e["resource"]!.GetValue<string>() == "NOTE")["data"]!["body"]?.GetValue<string>();
        Assert.Equal("tablet edit body", serverBody);
        Assert.Equal(0, result.Pending);
        Assert.Equal("tablet edit body", (await phone.Notes.GetAsync(id, Ct))!.Body);
    }

    // Simulation seeds 187, 880 and 893: after a crash mid-push, the resend of the batch met a fault but the pull
    // got through and brought the note's own CREATE in as another device's note. The app then showed the
    // note twice; an edit of one copy and a delete of the other left the edit nowhere.
    [Fact]
    public async Task A_batch_whose_resend_fails_is_settled_before_anything_is_pulled_so_its_note_is_not_shown_twice()
    {
        await using var devices = new Devices(fixture.Server);
        var (phone, network) = await PhoneWithANoteInFlightAsync(devices);
        network.RefusePushes = true;

        var whileRefused = await phone.SyncAsync(Ct);

        Assert.Single(await phone.Notes.ListAsync(Ct));
        Assert.Equal(0, whileRefused.Pulled);
    }

    [Fact]
    public async Task A_note_whose_create_response_was_lost_ends_once_on_the_server_and_the_device_after_a_refused_resend()
    {
        await using var devices = new Devices(fixture.Server);
        var (phone, network) = await PhoneWithANoteInFlightAsync(devices);
        network.RefusePushes = true;
        await phone.SyncAsync(Ct);
        network.RefusePushes = false;

        var result = await phone.SyncAsync(Ct);

        Assert.True(result.IsComplete, result.ToString());
        using var api = devices.ServerApi();
        var onServer = Assert.Single(await api.PullAllAsync(), e => e["resource"]!.GetValue<string>() == "NOTE");
        Assert.Equal(onServer["resourceId"]!.GetValue<string>(), Assert.Single(await phone.Notes.ListAsync(Ct)).Id);
    }

    [Fact]
    public async Task A_batch_cut_off_mid_send_by_closing_the_app_is_never_given_up_even_after_refusals_to_connect()
    {
        await using var devices = new Devices(fixture.Server);
        var network = new NetworkSwitch();
        var phone = await devices.OpenAsync("phone", network, o => (o.MaxTransientRetries, o.MaxMutationAttempts) = (0, 2));
        await phone.Notes.AddAsync("sent as the app closed", ["1:1-1:2"], cancellationToken: Ct);
        using (var closing = CancellationTokenSource.CreateLinkedTokenSource(Ct))
        {
            network.AfterPush = closing.CancelAsync;
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => phone.SyncAsync(closing.Token));
            network.AfterPush = null;
        }

        network.RefusePushes = true;
        for (var i = 0; i < 4; i++)
        {
            await phone.SyncAsync(Ct);
        }

        network.RefusePushes = false;
        var result = await phone.SyncAsync(Ct);

        Assert.True(result.IsComplete, result.ToString());
        Assert.Empty(await phone.Failed.ListAsync(Ct));
        using var api = devices.ServerApi();
        Assert.Single(await api.PullAllAsync(), e => e["resource"]!.GetValue<string>() == "NOTE");
        Assert.Single(await phone.Notes.ListAsync(Ct));
    }

    [Fact]
    public async Task A_batch_never_applied_that_keeps_meeting_503_goes_to_the_failed_list_and_pulls_go_on()
    {
        await using var devices = new Devices(fixture.Server);
        var network = new NetworkSwitch { AnswerPushesWith503 = true };
        var phone = await devices.OpenAsync("phone", network, o => (o.MaxTransientRetries, o.MaxMutationAttempts) = (0, 3));
        var tablet = await devices.OpenAsync("tablet");
        await phone.Notes.AddAsync("never accepted", ["1:1-1:2"], cancellationToken: Ct);
        await tablet.Notes.AddAsync("from the tablet", ["1:3-1:4"], cancellationToken: Ct);
        await tablet.SyncAsync(Ct);

        for (var i = 0; i < 3; i++)
        {
            await phone.SyncAsync(Ct);
        }

        Assert.Equal("CREATE", Assert.Single(await phone.Failed.ListAsync(Ct)).Type);
        Assert.Contains(await phone.Notes.ListAsync(Ct), n => n.Body == "from the tablet");
    }

    // Simulation seed 34: the phone's collection reached the server though the phone never learned it, the tablet
    // deleted it, and the phone put a bookmark in it under the id it still knew. The next sync settles the batch
    // (the queued link now names the server's collection id), pulls the DELETE, and the server refuses the link.
    [Fact]
    public async Task A_link_to_a_collection_whose_unacknowledged_create_was_deleted_elsewhere_ends_in_the_failed_list_under_server_ids()
    {
        await using var devices = new Devices(fixture.Server);
        var network = new NetworkSwitch();
        var phone = await devices.OpenAsync("phone", network, o => o.MaxTransientRetries = 0);
        var tablet = await devices.OpenAsync("tablet");
        var collection = await phone.Collections.CreateAsync("deleted on the tablet", cancellationToken: Ct);
        network.DropNextPushResponses(1);
        await phone.SyncAsync(Ct);
        await tablet.SyncAsync(Ct);
        await tablet.Collections.DeleteAsync((await tablet.Collections.ListAsync(Ct)).Single(c => c.Name == "deleted on the tablet").Id, Ct);
        await tablet.SyncAsync(Ct);
        var bookmark = await phone.Bookmarks.AddAyahAsync(2, 29, cancellationToken: Ct);
        await phone.CollectionBookmarks.AddAsync(collection.Id, bookmark.Id, Ct);

        var result = await phone.SyncAsync(Ct);

        // The log, not a pull: a pull from 0 leaves out the collection, created and deleted since.
        var log = await devices.ServerLogAsync();
        var collectionOnServer = log.Single(e => e["data"]!["name"]?.GetValue<string>() == "deleted on the tablet")["resourceId"]!.GetValue<string>();
        var bookmarkOnServer = log.Single(e => e["resource"]!.GetValue<string>() == "BOOKMARK")["resourceId"]!.GetValue<string>();
        var failed = Assert.Single(await phone.Failed.ListAsync(Ct));
        Assert.Equal(("CREATE", "COLLECTION_BOOKMARK"), (failed.Type, failed.Resource));
        Assert.Equal(collectionOnServer, failed.Data["collectionId"]!.GetValue<string>());
        Assert.Equal(bookmarkOnServer, failed.Data["bookmarkId"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(failed.Reason));
        Assert.DoesNotContain(log, e => e["resource"]!.GetValue<string>() == "COLLECTION_BOOKMARK");
        Assert.Equal(1, result.Failed);
    }

    /// <summary>A phone whose push of a new note reached the server and lost its response: the batch is in flight.</summary>
    private static async Task<(SyncClient Phone, NetworkSwitch Network)> PhoneWithANoteInFlightAsync(Devices devices)
    {
        var network = new NetworkSwitch();
        var phone = await devices.OpenAsync("phone", network, o => o.MaxTransientRetries = 0);
        await phone.SyncAsync(Ct);
        await phone.Notes.AddAsync("written once", ["1:1-1:2"], cancellationToken: Ct);
        network.DropNextPushResponses(1);
        await phone.SyncAsync(Ct);
        return (phone, network);
    }
}
