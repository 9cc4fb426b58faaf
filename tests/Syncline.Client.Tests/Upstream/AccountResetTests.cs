using Syncline.Client.Tests.Support;
using Syncline.Testing.Upstream;

namespace Syncline.Client.Tests.Upstream;

/// <summary>
/// An upstream account reset under a synced device (issue 11 item 8): the same address and token now answer
/// for a new, empty account whose GET head is -1, below the device's cursor.
/// </summary>
public sealed class AccountResetTests(UpstreamServerFixture fixture) : IClassFixture<UpstreamServerFixture>
{
    private UpstreamServer Server => fixture.Server;

    [Fact]
    public async Task A_head_of_minus_one_below_the_cursor_is_a_changed_server_the_device_resyncs_with_and_pushes_its_queued_changes_to()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var devices = new UpstreamDevices(Server, FirstSync.MinusOne);
        var phone = await devices.OpenAsync("phone");
        await phone.Notes.AddAsync("synced to the account that was reset", ["1:1-1:2"], cancellationToken: ct);
        await phone.SyncAsync(ct);
        Assert.True((await phone.GetStatusAsync(ct)).LastMutationAt > 0);
        await phone.Notes.AddAsync("written after the last sync", ["2:1-2:2"], cancellationToken: ct);
        Server.ForgetUser(devices.UserId);
        var before = Server.Requests.Count;

        var result = await phone.SyncAsync(ct);

        Assert.True(result.IsComplete, result.ToString());
        Assert.Equal((true, FullResyncReason.ServerChanged, 1), (result.FullResync, result.ResyncReason, result.Pushed));
        // The new account's first push, at -1: no push at the old cursor came first.
        var push = Assert.Single(Server.Requests.Skip(before), r => r.Method == "POST" && r.AuthToken == devices.Token);
        Assert.Equal((200, true), (push.Status, push.PathAndQuery.Contains("lastMutationAt=-1", StringComparison.Ordinal)));
        Assert.Equal((1, 0), (Server.CountNotes(devices.UserId, "written after the last sync"), Server.CountNotes(devices.UserId, "synced to the account that was reset")));
        Assert.Equal(["written after the last sync"], (await phone.Notes.ListAsync(ct)).Select(n => n.Body));
    }
}
