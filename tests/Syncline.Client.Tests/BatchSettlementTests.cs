using System.Net;
using Syncline.Client.Tests.Support;
using Syncline.Testing;

namespace Syncline.Client.Tests;

/// <summary>
/// A batch that may have been applied, first sent longer ago than the server keeps its reply (24 h): a resend
/// could apply it twice, so the pull settles it by matching its echoes by natural key.
/// </summary>
public sealed class BatchSettlementTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static readonly TimeSpan DayAndAnHour = TimeSpan.FromHours(25);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_batch_applied_more_than_a_day_ago_whose_response_was_lost_is_settled_without_a_resend_and_nothing_duplicates()
    {
        await using var devices = new Devices(fixture.Server);
        var (phone, network, clock) = await PhoneAsync(devices);
        await phone.Collections.CreateAsync("Kept once", cancellationToken: Ct);
        await phone.Notes.AddAsync("written once", ["1:1-1:2"], cancellationToken: Ct);
        network.DropNextPushResponses(1);
        await phone.SyncAsync(Ct);
        clock.Offset = DayAndAnHour;
        var posts = Posts(network);

        var result = await phone.SyncAsync(Ct);

        Assert.True(result.IsComplete, result.ToString());
        Assert.Equal(posts, Posts(network));
        Assert.Equal(2, result.Pushed);
        using var api = devices.ServerApi();
        var log = await api.PullAllAsync();
        var note = Assert.Single(log, e => e["resource"]!.GetValue<string>() == "NOTE");
        var collection = Assert.Single(log, e => e["data"]!["name"]?.GetValue<string>() == "Kept once");
        Assert.Equal(note["resourceId"]!.GetValue<string>(), Assert.Single(await phone.Notes.ListAsync(Ct)).Id);
        Assert.Equal(collection["resourceId"]!.GetValue<string>(), Assert.Single(await phone.Collections.ListAsync(Ct), c => c.Name == "Kept once").Id);
        Assert.Equal(SyncStatus.Synced, (await phone.Notes.ListAsync(Ct)).Single().Status);
    }

    [Fact]
    public async Task A_batch_that_never_reached_the_server_is_sent_once_settlement_finds_no_echo()
    {
        await using var devices = new Devices(fixture.Server);
        var (phone, network, clock) = await PhoneAsync(devices);
        await phone.Notes.AddAsync("lost on the way", ["1:1-1:2"], cancellationToken: Ct);
        // A gateway's 502 page: the request may or may not have reached the server. Here it did not.
        network.AnswerPushesWith = (HttpStatusCode.BadGateway, "<html><body>502 Bad Gateway</body></html>");
        await phone.SyncAsync(Ct);
        network.AnswerPushesWith = null;
        clock.Offset = DayAndAnHour;
        var sent = network.Requests.Count;

        var result = await phone.SyncAsync(Ct);

        Assert.True(result.IsComplete, result.ToString());
        Assert.Equal(["GET", "POST"], network.Requests.Skip(sent).Select(r => r.Split(' ')[0]).Distinct());
        Assert.Equal(1, Posts(network));
        using var api = devices.ServerApi();
        var note = Assert.Single(await api.PullAllAsync(), e => e["resource"]!.GetValue<string>() == "NOTE");
        Assert.Equal(note["resourceId"]!.GetValue<string>(), Assert.Single(await phone.Notes.ListAsync(Ct)).Id);
    }

    [Fact]
    public async Task Changes_queued_after_a_settled_batch_are_pushed_on_top_of_its_matched_creates()
    {
        await using var devices = new Devices(fixture.Server);
        var (phone, network, clock) = await PhoneAsync(devices);
        await phone.Collections.CreateAsync("Kept once", cancellationToken: Ct);
        var note = await phone.Notes.AddAsync("written once", ["1:1-1:2"], cancellationToken: Ct);
        network.DropNextPushResponses(1);
        await phone.SyncAsync(Ct);
        await phone.Notes.EditAsync(note.Id, "edited while away", cancellationToken: Ct);
        await phone.Notes.AddAsync("written while away", ["2:1-2:2"], cancellationToken: Ct);
        clock.Offset = DayAndAnHour;
        var posts = Posts(network);

        var result = await phone.SyncAsync(Ct);

        Assert.True(result.IsComplete, result.ToString());
        Assert.Equal(0, result.Pending);
        Assert.Equal(posts + 1, Posts(network));
        using var api = devices.ServerApi();
        var log = await api.PullAllAsync();
        Assert.Single(log, e => e["data"]!["name"]?.GetValue<string>() == "Kept once");
        var notes = log.Where(e => e["resource"]!.GetValue<string>() == "NOTE").Select(e => (Id: e["resourceId"]!.GetValue<string>(), Body: e["data"]!["body"]!.GetValue<string>()));
        var onPhone = (await phone.Notes.ListAsync(Ct)).Select(n => (n.Id, n.Body));
        Assert.Equal(["edited while away", "written while away"], notes.Select(n => n.Body).Order());
        Assert.Equal(notes.OrderBy(n => n.Body), onPhone.OrderBy(n => n.Body));
    }

    [Fact]
    public async Task A_create_another_device_made_meanwhile_is_matched_and_the_rest_of_the_unapplied_batch_is_sent()
    {
        await using var devices = new Devices(fixture.Server);
        var (phone, network, clock) = await PhoneAsync(devices);
        var tablet = await devices.OpenAsync("tablet");
        await phone.Bookmarks.AddAyahAsync(2, 255, cancellationToken: Ct);
        await phone.Notes.AddAsync("only the phone wrote this", ["2:255-2:255"], cancellationToken: Ct);
        network.AnswerPushesWith = (HttpStatusCode.BadGateway, "<html><body>502 Bad Gateway</body></html>");
        await phone.SyncAsync(Ct);
        network.AnswerPushesWith = null;
        await tablet.Bookmarks.AddAyahAsync(2, 255, cancellationToken: Ct);
        await tablet.SyncAsync(Ct);
        clock.Offset = DayAndAnHour;
        var sent = network.Requests.Count;

        var result = await phone.SyncAsync(Ct);

        Assert.True(result.IsComplete, result.ToString());
        Assert.Equal(["GET", "POST"], network.Requests.Skip(sent).Select(r => r.Split(' ')[0]).Distinct());
        Assert.Single(network.Requests.Skip(sent), r => r.StartsWith("POST", StringComparison.Ordinal));
        using var api = devices.ServerApi();
        var log = await api.PullAllAsync();
        var bookmark = Assert.Single(log, e => e["resource"]!.GetValue<string>() == "BOOKMARK");
        var note = Assert.Single(log, e => e["resource"]!.GetValue<string>() == "NOTE");
        Assert.Equal(bookmark["resourceId"]!.GetValue<string>(), Assert.Single(await phone.Bookmarks.ListAsync(Ct)).Id);
        Assert.Equal(note["resourceId"]!.GetValue<string>(), Assert.Single(await phone.Notes.ListAsync(Ct)).Id);
        Assert.Equal(0, result.Pending);
    }

    [Fact]
    public async Task A_settlement_cut_off_between_pages_resumes_from_the_cursor_and_neither_loses_nor_repeats_a_mutation()
    {
        await using var devices = new Devices(fixture.Server);
        var (phone, network, clock) = await PhoneAsync(devices, o => o.PullPageSize = 1);
        await phone.Collections.CreateAsync("Kept once", cancellationToken: Ct);
        await phone.Notes.AddAsync("written once", ["1:1-1:2"], cancellationToken: Ct);
        network.DropNextPushResponses(1);
        await phone.SyncAsync(Ct);
        clock.Offset = DayAndAnHour;
        network.GoOfflineAfter(1);
        var cut = await phone.SyncAsync(Ct);
        network.GoOfflineAfter(int.MaxValue);
        network.Online = true;

        var result = await phone.SyncAsync(Ct);

        Assert.Equal(1, cut.Pending);
        Assert.True(result.IsComplete, result.ToString());
        Assert.Equal(1, Posts(network));
        using var api = devices.ServerApi();
        var log = await api.PullAllAsync();
        var note = Assert.Single(log, e => e["resource"]!.GetValue<string>() == "NOTE");
        var collection = Assert.Single(log, e => e["data"]!["name"]?.GetValue<string>() == "Kept once");
        Assert.Equal(note["resourceId"]!.GetValue<string>(), Assert.Single(await phone.Notes.ListAsync(Ct)).Id);
        Assert.Equal(collection["resourceId"]!.GetValue<string>(), Assert.Single(await phone.Collections.ListAsync(Ct), c => c.Name == "Kept once").Id);
    }

    [Fact]
    public async Task With_the_upstream_profile_a_lost_response_is_settled_by_the_same_sync_without_a_resend()
    {
        await using var devices = new Devices(fixture.Server);
        var network = new NetworkSwitch();
        var phone = await devices.OpenAsync("phone", network, o => (o.Profile, o.ClientId) = (ServerProfile.Upstream, "settlement-tests"));
        await phone.SyncAsync(Ct);
        await phone.Notes.AddAsync("written once", ["1:1-1:2"], cancellationToken: Ct);
        network.DropNextPushResponses(1);

        var result = await phone.SyncAsync(Ct);

        Assert.True(result.IsComplete, result.ToString());
        Assert.Equal(1, Posts(network));
        using var api = devices.ServerApi();
        var note = Assert.Single(await api.PullAllAsync(), e => e["resource"]!.GetValue<string>() == "NOTE");
        Assert.Equal(note["resourceId"]!.GetValue<string>(), Assert.Single(await phone.Notes.ListAsync(Ct)).Id);
    }

    /// <summary>A phone that has synced once (its cursor past the first-sync rules), on a clock the test can move.</summary>
    private static async Task<(SyncClient Phone, NetworkSwitch Network, ShiftedClock Clock)> PhoneAsync(Devices devices, Action<SyncClientOptions>? configure = null)
    {
        var network = new NetworkSwitch();
        var clock = new ShiftedClock();
        var phone = await devices.OpenAsync("phone", network, o =>
        {
            (o.MaxTransientRetries, o.TimeProvider) = (0, clock);
            configure?.Invoke(o);
        });
        await phone.SyncAsync(Ct);
        return (phone, network, clock);
    }

    private static int Posts(NetworkSwitch network)
    {
        lock (network.Requests)
        {
            return network.Requests.Count(r => r.StartsWith("POST", StringComparison.Ordinal));
        }
    }
}
