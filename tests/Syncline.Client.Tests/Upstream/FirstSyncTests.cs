using System.Net;
using Syncline.Client.Tests.Support;
using Syncline.Testing.Upstream;

namespace Syncline.Client.Tests.Upstream;

/// <summary>
/// Both upstream first-sync rules (issue 11 item 1): a GET head of -1 is stored and the first push sends
/// it; a positive first head from <c>__default__</c> is an ordinary head; a 409 that persists is shown with the server's words.
/// </summary>
public sealed class FirstSyncTests(UpstreamServerFixture fixture) : IClassFixture<UpstreamServerFixture>
{
    private UpstreamServer Server => fixture.Server;

    [Fact]
    public async Task A_head_of_minus_one_is_stored_as_the_cursor()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var devices = new UpstreamDevices(Server, FirstSync.MinusOne);
        var phone = await devices.OpenAsync("phone");

        var result = await phone.SyncAsync(ct);

        Assert.True(result.IsComplete, result.ToString());
        Assert.Equal(-1, (await phone.GetStatusAsync(ct)).LastMutationAt);
    }

    [Fact]
    public async Task The_first_push_of_an_account_with_no_history_sends_minus_one_and_is_applied()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var devices = new UpstreamDevices(Server, FirstSync.MinusOne);
        var phone = await devices.OpenAsync("phone");
        await phone.Notes.AddAsync("the account's first note", ["1:1-1:2"], cancellationToken: ct);

        var result = await phone.SyncAsync(ct);

        Assert.True(result.IsComplete, result.ToString());
        var push = Assert.Single(Server.Requests, r => r.Method == "POST" && r.AuthToken == devices.Token);
        Assert.Contains("lastMutationAt=-1", push.PathAndQuery);
        Assert.Equal(200, push.Status);
        Assert.Equal(1, Server.CountNotes(devices.UserId, "the account's first note"));
        Assert.Equal(Server.Head(devices.UserId), (await phone.GetStatusAsync(ct)).LastMutationAt);
    }

    [Fact]
    public async Task A_second_device_that_stored_minus_one_pushes_after_the_first_device_wrote()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var devices = new UpstreamDevices(Server, FirstSync.MinusOne);
        var phone = await devices.OpenAsync("phone");
        var tablet = await devices.OpenAsync("tablet");
        await phone.SyncAsync(ct);
        await tablet.SyncAsync(ct);
        await phone.Notes.AddAsync("written first, on the phone", ["1:1-1:2"], cancellationToken: ct);
        await tablet.Notes.AddAsync("written second, on the tablet", ["1:3-1:4"], cancellationToken: ct);

        var phoneSync = await phone.SyncAsync(ct);
        var tabletSync = await tablet.SyncAsync(ct);

        Assert.True(phoneSync.IsComplete, phoneSync.ToString());
        Assert.True(tabletSync.IsComplete, tabletSync.ToString());
        Assert.Equal(2, (await tablet.Notes.ListAsync(ct)).Count);
    }

    [Fact]
    public async Task A_positive_first_head_from_the_default_collection_is_pushed_like_any_head()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var devices = new UpstreamDevices(Server, FirstSync.DefaultCollection);
        var phone = await devices.OpenAsync("phone");
        var head = Server.Head(devices.UserId);
        await phone.Notes.AddAsync("a note on a fresh account", ["1:1-1:2"], cancellationToken: ct);

        var result = await phone.SyncAsync(ct);

        Assert.True(result.IsComplete, result.ToString());
        Assert.True(head > 0);
        var push = Assert.Single(Server.Requests, r => r.Method == "POST" && r.AuthToken == devices.Token);
        Assert.Contains($"lastMutationAt={head}", push.PathAndQuery);
        Assert.Contains(await phone.Collections.ListAsync(ct), c => c.Id == "__default__");
    }

    [Fact]
    public async Task A_409_that_persists_ends_the_sync_with_the_servers_message()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var devices = new UpstreamDevices(Server);
        const string FirstSyncRefusal = """
            { "details": { "success": false, "error": { "code": "OutOfSyncError", "message": "First sync detected. Please use lastMutationAt=-1 for initial sync." } },
              "message": "First sync detected. Please use lastMutationAt=-1 for initial sync.", "type": "Conflict", "success": false, "requestId": "request-a" }
            """;
        var network = new NetworkSwitch { AnswerPushesWith = (HttpStatusCode.Conflict, FirstSyncRefusal) };
        var phone = await devices.OpenAsync("phone", network, o => o.MaxConflictRetries = 2);
        await phone.Notes.AddAsync("never accepted", ["1:1-1:2"], cancellationToken: ct);

        var result = await phone.SyncAsync(ct);

        Assert.Equal(1, result.Pending);
        Assert.Contains("First sync detected. Please use lastMutationAt=-1 for initial sync.", result.Error);
    }
}
