using System.Net;
using Syncline.Client.Tests.Support;
using Syncline.Testing;
using Syncline.Testing.Upstream;

namespace Syncline.Client.Tests.Upstream;

/// <summary>
/// Upstream keeps no idempotency keys: a batch whose response was lost is settled by pulling its echoes, never
/// resent, against the upstream-shaped server (current-state pulls, no replay of a stored reply).
/// </summary>
public sealed class UpstreamSettlementTests(UpstreamServerFixture fixture) : IClassFixture<UpstreamServerFixture>
{
    private UpstreamServer Server => fixture.Server;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_batch_whose_response_was_lost_is_settled_by_the_same_sync_and_every_record_is_on_the_server_once()
    {
        await using var devices = new UpstreamDevices(Server);
        var phone = await devices.OpenAsync("phone");
        await phone.SyncAsync(Ct);
        await phone.Bookmarks.AddAyahAsync(2, 255, cancellationToken: Ct);
        await phone.Collections.CreateAsync("Duas", cancellationToken: Ct);
        await phone.Notes.AddAsync("written once", ["1:1-1:2"], cancellationToken: Ct);
        await phone.ReadingSessions.AddAsync(18, 10, Ct);
        Server.LoseNextPostResponses(1, devices.UserId);

        var result = await phone.SyncAsync(Ct);

        Assert.True(result.IsComplete, result.ToString());
        Assert.Equal(1, Posts(devices));
        Assert.Equal((1, 1, 1, 1), (
            Server.CountBookmarks(devices.UserId, "ayah", 2, 255),
            Server.CountCollections(devices.UserId, "Duas"),
            Server.CountNotes(devices.UserId, "written once"),
            Server.Records(devices.UserId, "READING_SESSION").Count));
        Assert.Equal(Ids("BOOKMARK"), (await phone.Bookmarks.ListAsync(Ct)).Select(b => b.Id));
        Assert.Equal(Ids("NOTE"), (await phone.Notes.ListAsync(Ct)).Select(n => n.Id));
        Assert.Equal(Ids("READING_SESSION"), (await phone.ReadingSessions.ListAsync(Ct)).Select(r => r.Id));
        Assert.Contains(Ids("COLLECTION"), (await phone.Collections.ListAsync(Ct)).Single(c => c.Name == "Duas").Id.Equals);
        Assert.Equal(0, result.Pending);

        IEnumerable<string> Ids(string resource) => Server.Records(devices.UserId, resource).Select(r => r.Id);
    }

    [Fact]
    public async Task A_note_edited_on_another_device_before_the_settlement_is_matched_by_its_creation_time()
    {
        await using var devices = new UpstreamDevices(Server);
        var phone = await devices.OpenAsync("phone", configure: o => o.MaxTransientRetries = 0);
        var tablet = await devices.OpenAsync("tablet");
        await phone.SyncAsync(Ct);
        await phone.Notes.AddAsync("written on the phone", ["1:1-1:2"], cancellationToken: Ct);
        Server.LoseNextPostResponses(1, devices.UserId);
        await phone.SyncAsync(Ct);
        await tablet.SyncAsync(Ct);
        await tablet.Notes.EditAsync(Assert.Single(await tablet.Notes.ListAsync(Ct)).Id, "edited on the tablet", cancellationToken: Ct);
        await tablet.SyncAsync(Ct);

        var result = await phone.SyncAsync(Ct);

        Assert.True(result.IsComplete, result.ToString());
        var note = Assert.Single(Server.Records(devices.UserId, "NOTE"));
        Assert.Equal("edited on the tablet", note.Data["body"]!.GetValue<string>());
        var onPhone = Assert.Single(await phone.Notes.ListAsync(Ct));
        Assert.Equal((note.Id, "edited on the tablet"), (onPhone.Id, onPhone.Body));
    }

    [Fact]
    public async Task A_batch_with_no_echo_is_sent_again_once_no_send_of_it_can_still_arrive()
    {
        await using var devices = new UpstreamDevices(Server);
        var network = new NetworkSwitch();
        var clock = new ShiftedClock();
        var phone = await devices.OpenAsync("phone", network, o => (o.MaxTransientRetries, o.TimeProvider, o.LostPushWindow) = (0, clock, TimeSpan.FromMinutes(1)));
        await phone.SyncAsync(Ct);
        await phone.Notes.AddAsync("lost on the way", ["1:1-1:2"], cancellationToken: Ct);
        // A gateway's 502 page: the request may or may not have reached the server. Here it did not.
        network.AnswerPushesWith = (HttpStatusCode.BadGateway, "<html><body>502 Bad Gateway</body></html>");
        await phone.SyncAsync(Ct);
        network.AnswerPushesWith = null;
        var seen = Requests(devices).Count;

        var waiting = await phone.SyncAsync(Ct);
        var pulledOnly = Requests(devices).Skip(seen).Select(r => r.Method).Distinct().ToList();
        clock.Offset += TimeSpan.FromMinutes(1);
        var result = await phone.SyncAsync(Ct);

        Assert.Equal(1, waiting.Pending);
        Assert.Equal(["GET"], pulledOnly);
        Assert.True(result.IsComplete, result.ToString());
        Assert.Equal(1, Posts(devices));
        var note = Assert.Single(Server.Records(devices.UserId, "NOTE"));
        Assert.Equal(note.Id, Assert.Single(await phone.Notes.ListAsync(Ct)).Id);
    }

    [Fact]
    public async Task A_push_that_reaches_the_server_after_a_pull_showed_none_of_it_is_settled_by_its_echo_and_a_later_delete_applies()
    {
        await using var devices = new UpstreamDevices(Server);
        var network = new NetworkSwitch();
        var clock = new ShiftedClock();
        var phone = await devices.OpenAsync("phone", network, o => (o.MaxTransientRetries, o.TimeProvider, o.LostPushWindow) = (0, clock, TimeSpan.FromMinutes(1)));
        await phone.SyncAsync(Ct);
        var note = await phone.Notes.AddAsync("held in the network", ["1:1-1:2"], cancellationToken: Ct);
        network.HoldNextPush();
        await phone.SyncAsync(Ct);
        await phone.SyncAsync(Ct);
        // Deleted while its creation is unsettled (upstream simulation seed 297): the CREATE and the DELETE must not fold away.
        await phone.Notes.DeleteAsync(note.Id, Ct);
        Assert.Equal(HttpStatusCode.OK, await network.DeliverHeldPushAsync(Ct));
        clock.Offset += TimeSpan.FromMinutes(1);

        var result = await phone.SyncAsync(Ct);

        Assert.True(result.IsComplete, result.ToString());
        Assert.Equal(0, Server.CountNotes(devices.UserId, "held in the network"));
        Assert.Empty(await phone.Notes.ListAsync(Ct));
    }

    /// <summary>The POSTs of this user the server received (a lost response counts: the server applied it).</summary>
    private int Posts(UpstreamDevices devices) => Requests(devices).Count(r => r.Method == "POST");

    private List<UpstreamRequest> Requests(UpstreamDevices devices) => [.. Server.Requests.Where(r => r.AuthToken == devices.Token)];

    [Fact]
    public async Task A_409_that_answers_a_second_copy_of_an_applied_push_is_settled_not_resent()
    {
        await using var devices = new UpstreamDevices(Server);
        var network = new NetworkSwitch();
        var phone = await devices.OpenAsync("phone", network);
        await phone.SyncAsync(Ct);
        await phone.Collections.CreateAsync("Sent twice by the HTTP stack", cancellationToken: Ct);
        await phone.Notes.AddAsync("applied by the first copy", ["1:1-1:2"], cancellationToken: Ct);
        network.SendNextPushTwice();

        var result = await phone.SyncAsync(Ct);

        Assert.True(result.IsComplete, result.ToString());
        Assert.Equal((1, 1), (Server.CountCollections(devices.UserId, "Sent twice by the HTTP stack"), Server.CountNotes(devices.UserId, "applied by the first copy")));
        Assert.Equal(
            Server.Records(devices.UserId, "NOTE").Select(r => r.Id),
            (await phone.Notes.ListAsync(Ct)).Select(n => n.Id));
    }

    [Fact]
    public async Task An_edit_settled_on_a_page_that_pulls_another_devices_edit_of_the_record_meets_the_conflict_policy()
    {
        await using var devices = new UpstreamDevices(Server);
        var network = new NetworkSwitch();
        var phone = await devices.OpenAsync("phone", network, o => (o.PullPageSize, o.ConflictResolver) = (1, ConflictResolvers.ServerWins));
        var tablet = await devices.OpenAsync("tablet");
        await phone.Notes.AddAsync("written on the phone", ["1:1-1:2"], cancellationToken: Ct);
        await phone.SyncAsync(Ct);
        await tablet.SyncAsync(Ct);
        await phone.Notes.EditAsync(Assert.Single(await phone.Notes.ListAsync(Ct)).Id, "edited on the phone", cancellationToken: Ct);
        network.BeforePush = async () =>
        {
            // Between the phone's pull and its push: its push meets a 409, and the pull that settles it has two pages.
            network.BeforePush = null;
            await tablet.Notes.EditAsync(Assert.Single(await tablet.Notes.ListAsync(Ct)).Id, "edited on the tablet", cancellationToken: Ct);
            await tablet.Notes.AddAsync("another note from the tablet", ["1:3-1:4"], cancellationToken: Ct);
            await tablet.SyncAsync(Ct);
        };

        await phone.SyncAsync(Ct);

        Assert.Equal((1, 0), (Server.CountNotes(devices.UserId, "edited on the tablet"), Server.CountNotes(devices.UserId, "edited on the phone")));
    }

    [Fact]
    public async Task A_note_deleted_while_its_lost_create_waits_to_be_settled_is_deleted_on_the_server()
    {
        await using var devices = new UpstreamDevices(Server);
        var network = new NetworkSwitch();
        var phone = await devices.OpenAsync("phone", network, o => o.MaxTransientRetries = 0);
        await phone.SyncAsync(Ct);
        var note = await phone.Notes.AddAsync("deleted while its create is unsettled", ["1:1-1:2"], cancellationToken: Ct);
        Server.LoseNextPostResponses(1, devices.UserId);
        network.GoOfflineAfter(2); // the pull, then the push whose response is lost; the settling pull finds no network
        await phone.SyncAsync(Ct);
        network.GoOfflineAfter(int.MaxValue);
        network.Online = true;
        await phone.Notes.DeleteAsync(note.Id, Ct);

        var result = await phone.SyncAsync(Ct);

        Assert.True(result.IsComplete, result.ToString());
        Assert.Empty(await phone.Failed.ListAsync(Ct));
        Assert.Equal(0, Server.CountNotes(devices.UserId, "deleted while its create is unsettled"));
    }
}
