using Syncline.Client.Tests.Support;
using Syncline.Server.Tests.Support;

namespace Syncline.Client.Tests;

/// <summary>
/// The SDK against a real server whose users may keep 2 records: a change that does not fit ends in
/// the failed list with the server's reason, the rest of the batch syncs, and nothing is retried in a loop.
/// </summary>
public sealed class QuotaTests : IAsyncLifetime
{
    private SyncServer? _server;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private SyncServer Server => _server!;

    public async ValueTask InitializeAsync() => _server = await SyncServer.StartAsync(
        new Dictionary<string, string?> { ["Syncline:Store"] = "Sqlite" },
        new Dictionary<string, string?> { ["Syncline:Quota:MaxRecords"] = "2" },
        Ct);

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Note_over_the_record_quota_ends_in_the_failed_list_with_the_servers_reason_and_the_others_sync()
    {
        await using var devices = new Devices(Server);
        var phone = await devices.OpenAsync("phone");
        await phone.Notes.AddAsync("First note, it fits", ["1:1-1:1"], cancellationToken: Ct);
        await phone.Notes.AddAsync("Second note, it fits", ["1:2-1:2"], cancellationToken: Ct);
        await phone.Notes.AddAsync("Third note, over the quota", ["1:3-1:3"], cancellationToken: Ct);

        var result = await phone.SyncAsync(Ct);

        Assert.Equal((2, 1, 0L), (result.Pushed, result.Failed, result.Pending));
        Assert.Null(result.Error);
        var failed = Assert.Single(await phone.Failed.ListAsync(Ct));
        Assert.Equal(("CREATE", "NOTE"), (failed.Type, failed.Resource));
        Assert.Equal("Third note, over the quota", failed.Data["body"]!.GetValue<string>());
        Assert.Equal(
            "Quota exceeded at mutation[2]: the limit is 2 records and 0 are in use; this push would make 3. Delete some to make room.",
            failed.Reason);
        using var api = devices.ServerApi();
        Assert.Equal(2, (await api.PullAllAsync()).Count(e => e["resource"]!.GetValue<string>() == "NOTE"));
    }

    [Fact]
    public async Task Quota_refusal_is_not_retried_and_the_change_goes_through_once_there_is_room()
    {
        await using var devices = new Devices(Server);
        var phone = await devices.OpenAsync("phone");
        var toDelete = await phone.Notes.AddAsync("A note to delete later", ["2:1-2:1"], cancellationToken: Ct);
        await phone.Notes.AddAsync("A note that stays", ["2:2-2:2"], cancellationToken: Ct);
        await phone.Notes.AddAsync("A note that waits for room", ["2:3-2:3"], cancellationToken: Ct);
        await phone.SyncAsync(Ct);

        var again = await phone.SyncAsync(Ct);
        await phone.Notes.DeleteAsync((await phone.Notes.ListAsync(Ct)).Single(n => n.Body == toDelete.Body).Id, Ct);
        var afterDelete = await phone.SyncAsync(Ct);
        await phone.Failed.RetryAsync(Assert.Single(await phone.Failed.ListAsync(Ct)).Id, Ct);
        var afterRetry = await phone.SyncAsync(Ct);

        Assert.Equal((0, 0, 0L), (again.Pushed, again.Failed, again.Pending));
        Assert.Equal((1, 0, 0L), (afterDelete.Pushed, afterDelete.Failed, afterDelete.Pending));
        Assert.Equal((1, 0, 0L), (afterRetry.Pushed, afterRetry.Failed, afterRetry.Pending));
        Assert.Empty(await phone.Failed.ListAsync(Ct));
        using var api = devices.ServerApi();
        var live = (await api.PullAllAsync())
            .Where(e => e["resource"]!.GetValue<string>() == "NOTE")
            .GroupBy(e => e["resourceId"]!.GetValue<string>())
            .Select(entries => entries.Last())
            .Where(e => e["type"]!.GetValue<string>() != "DELETE");
        Assert.Equal(["A note that stays", "A note that waits for room"], live.Select(e => e["data"]!["body"]!.GetValue<string>()).Order(StringComparer.Ordinal));
    }
}
