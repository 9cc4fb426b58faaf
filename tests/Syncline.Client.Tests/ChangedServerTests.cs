using Syncline.Client.Tests.Support;
using Syncline.Server.Tests.Support;
using Syncline.Testing.Servers;

namespace Syncline.Client.Tests;

/// <summary>
/// A device whose server or account changed under it: the server's data was lost (a new, empty server at
/// the same address), the app points at another server with its old database, or the token belongs to
/// another user. The device pulls everything again instead of pushing at a cursor that server never gave.
/// </summary>
public sealed class ChangedServerTests : IAsyncLifetime
{
    private const string NoNotes = "sync bookmark collection";
    private static readonly Dictionary<string, string?> Sqlite = new() { ["Syncline:Store"] = "Sqlite" };
    private readonly string _directory = Directory.CreateTempSubdirectory("syncline-changed-server-").FullName;
    private readonly List<SyncServer> _servers = [];
    private readonly List<SyncClient> _clients = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string DatabasePath => Path.Combine(_directory, "phone.db");

    [Fact]
    public async Task The_first_sync_records_the_server_and_the_account_the_data_comes_from()
    {
        var server = await StartAsync();
        var phone = await OpenAsync(server.BaseAddress, () => server.Token("alice"));

        await phone.SyncAsync(Ct);

        var status = await phone.GetStatusAsync(Ct);
        Assert.Equal((server.BaseAddress, "alice", false), (status.Server, status.Account, status.Resyncing));
    }

    [Fact]
    public async Task A_server_that_lost_its_data_is_pulled_again_from_0_and_gets_the_queued_changes()
    {
        var server = await StartAsync();
        var current = server;
        var network = new NetworkSwitch();
        var phone = await OpenAsync(server.BaseAddress, () => current.Token("alice"), network);
        await phone.Notes.AddAsync("synced to the server that lost it", ["1:1-1:2"], cancellationToken: Ct);
        await phone.SyncAsync(Ct);
        await phone.Notes.AddAsync("written after the last sync", ["2:1-2:2"], cancellationToken: Ct);
        // The server's database is lost: the same address answers from an empty data directory.
        current = await RestartEmptyAsync(server);
        network.Requests.Clear();

        var result = await phone.SyncAsync(Ct);

        Assert.True(result.IsComplete, result.ToString());
        Assert.Equal((true, FullResyncReason.ServerChanged), (result.FullResync, result.ResyncReason));
        Assert.Equal((1, 0), (result.Pushed, result.Failed));
        // Learnt from the pull, before any push at the old cursor (which would meet a 409).
        Assert.DoesNotContain(network.Responses, r => r.Status == System.Net.HttpStatusCode.Conflict);
        var firstPush = network.Requests.FindIndex(r => r.StartsWith("POST", StringComparison.Ordinal));
        Assert.InRange(network.Requests.IndexOf("GET /v1/sync?mutationsSince=0&limit=1000"), 0, firstPush - 1);
        var note = Assert.Single(await phone.Notes.ListAsync(Ct));
        Assert.Equal(("written after the last sync", SyncStatus.Synced), (note.Body, note.Status));
        using var api = current.Api("alice");
        Assert.Equal(["written after the last sync"], (await api.PullAllAsync()).Where(e => e["resource"]!.GetValue<string>() == "NOTE").Select(e => e["data"]!["body"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_queued_edit_of_a_record_the_new_server_never_had_moves_to_the_failed_list_and_earlier_failed_changes_stay()
    {
        var server = await StartAsync();
        var current = server;
        var withoutNotes = await OpenAsync(server.BaseAddress, () => current.Token("alice", NoNotes));
        await withoutNotes.Notes.AddAsync("refused: the token had no note scope", ["3:1-3:2"], cancellationToken: Ct);
        Assert.Equal(1, (await withoutNotes.SyncAsync(Ct)).Failed);
        var failedBefore = Assert.Single(await withoutNotes.Failed.ListAsync(Ct));
        await withoutNotes.DisposeAsync();
        var phone = await OpenAsync(server.BaseAddress, () => current.Token("alice"));
        await phone.Notes.AddAsync("synced, then edited offline", ["1:1-1:2"], cancellationToken: Ct);
        await phone.SyncAsync(Ct);
        var id = (await phone.Notes.ListAsync(Ct)).Single(n => n.Body == "synced, then edited offline").Id;
        await phone.Notes.EditAsync(id, "the edit of a note the new server never had", cancellationToken: Ct);
        current = await RestartEmptyAsync(server);

        var result = await phone.SyncAsync(Ct);

        // The record is gone from the server: its edit meets the conflict policy as a pulled DELETE (the default: the DELETE wins).
        Assert.Equal((true, FullResyncReason.ServerChanged, 1, 0L), (result.FullResync, result.ResyncReason, result.Failed, result.Pending));
        var failed = await phone.Failed.ListAsync(Ct);
        Assert.Equal(2, failed.Count);
        Assert.Equal((failedBefore.Id, failedBefore.Type, failedBefore.ResourceId, failedBefore.Reason), (failed[0].Id, failed[0].Type, failed[0].ResourceId, failed[0].Reason));
        Assert.Equal(("UPDATE", id, "the edit of a note the new server never had"), (failed[1].Type, failed[1].ResourceId, failed[1].Data["body"]!.GetValue<string>()));
        Assert.Contains("Conflict", failed[1].Reason, StringComparison.Ordinal);
        Assert.Null(await phone.Notes.GetAsync(id, Ct));
    }

    [Fact]
    public async Task A_device_pointed_at_another_server_with_its_old_database_takes_that_servers_data_and_pushes_its_queued_changes()
    {
        var first = await StartAsync();
        var phone = await OpenAsync(first.BaseAddress, () => first.Token("alice"));
        await phone.Notes.AddAsync("on the first server", ["1:1-1:2"], cancellationToken: Ct);
        await phone.SyncAsync(Ct);
        await phone.Notes.AddAsync("written before the move", ["2:1-2:2"], cancellationToken: Ct);
        await phone.DisposeAsync();
        var second = await StartAsync();
        using (var api = second.Api("alice"))
        {
            for (var i = 0; i < 3; i++)
            {
                // A head on the second server well past the phone's cursor, so only the address tells them apart.
                Assert.Equal(System.Net.HttpStatusCode.OK, (await api.PushAsync(await api.HeadAsync(), Mutations.Note($"on the second server {i}", "3:1-3:2"))).Status);
            }
        }

        var network = new NetworkSwitch();
        var moved = await OpenAsync(second.BaseAddress, () => second.Token("alice"), network);

        var result = await moved.SyncAsync(Ct);

        Assert.True(result.IsComplete, result.ToString());
        Assert.Equal((true, FullResyncReason.ServerChanged), (result.FullResync, result.ResyncReason));
        Assert.StartsWith("GET /v1/sync?mutationsSince=0&", network.Requests[0], StringComparison.Ordinal);
        Assert.Equal(
            ["on the second server 0", "on the second server 1", "on the second server 2", "written before the move"],
            (await moved.Notes.ListAsync(Ct)).Select(n => n.Body).Order());
        using var firstApi = first.Api("alice");
        Assert.Single(await firstApi.PullAllAsync(), e => e["resource"]!.GetValue<string>() == "NOTE");
    }

    [Fact]
    public async Task Another_users_token_on_the_same_database_replaces_the_old_accounts_data_and_sends_none_of_it()
    {
        var server = await StartAsync();
        var alice = await OpenAsync(server.BaseAddress, () => server.Token("alice"));
        await alice.Notes.AddAsync("alice's synced note", ["1:1-1:2"], cancellationToken: Ct);
        await alice.SyncAsync(Ct);
        await alice.Notes.AddAsync("alice's note written after the last sync", ["2:1-2:2"], cancellationToken: Ct);
        await alice.DisposeAsync();
        using (var bob = server.Api("bob"))
        {
            await bob.PushAsync(0, Mutations.Note("bob's note", "3:1-3:2"));
        }

        // The app logs in as bob on the same database.
        var phone = await OpenAsync(server.BaseAddress, () => server.Token("bob"));
        var result = await phone.SyncAsync(Ct);

        Assert.True(result.IsComplete, result.ToString());
        Assert.Equal((true, FullResyncReason.AccountChanged, 1, 0), (result.FullResync, result.ResyncReason, result.Failed, result.Pushed));
        Assert.Equal(["bob's note"], (await phone.Notes.ListAsync(Ct)).Select(n => n.Body));
        var failed = Assert.Single(await phone.Failed.ListAsync(Ct));
        Assert.Equal(("CREATE", "alice's note written after the last sync"), (failed.Type, failed.Data["body"]!.GetValue<string>()));
        Assert.Equal("Not sent: made while this device synced as alice; it now syncs as bob. Retry to send it to this account, or discard it", failed.Reason);
        using var bobApi = server.Api("bob");
        Assert.Equal(["bob's note"], (await bobApi.PullAllAsync()).Where(e => e["resource"]!.GetValue<string>() == "NOTE").Select(e => e["data"]!["body"]!.GetValue<string>()));
        Assert.Equal("bob", (await phone.GetStatusAsync(Ct)).Account);
    }

    [Fact]
    public async Task A_change_set_aside_at_an_account_change_reaches_the_new_account_when_retried()
    {
        var server = await StartAsync();
        var alice = await OpenAsync(server.BaseAddress, () => server.Token("alice"));
        await alice.Notes.AddAsync("alice's synced note", ["1:1-1:2"], cancellationToken: Ct);
        await alice.SyncAsync(Ct);
        await alice.Notes.AddAsync("meant for bob after all", ["2:1-2:2"], cancellationToken: Ct);
        await alice.DisposeAsync();
        var phone = await OpenAsync(server.BaseAddress, () => server.Token("bob"));
        await phone.SyncAsync(Ct);
        var failed = Assert.Single(await phone.Failed.ListAsync(Ct));

        await phone.Failed.RetryAsync(failed.Id, Ct);
        var result = await phone.SyncAsync(Ct);

        Assert.True(result.IsComplete, result.ToString());
        Assert.Equal(["meant for bob after all"], (await phone.Notes.ListAsync(Ct)).Select(n => n.Body));
        using var bob = server.Api("bob");
        Assert.Single(await bob.PullAllAsync(), e => e["data"]!["body"]?.GetValue<string>() == "meant for bob after all");
    }

    [Fact]
    public async Task Changes_made_while_the_device_held_nothing_from_the_old_account_go_to_the_new_one()
    {
        var server = await StartAsync();
        var alice = await OpenAsync(server.BaseAddress, () => server.Token("alice"));
        // A first sync as alice pulls an empty account (head 0): nothing on the phone comes from her.
        Assert.Equal(0, (await alice.SyncAsync(Ct)).Pulled);
        await alice.Notes.AddAsync("written before anything was synced", ["1:1-1:2"], cancellationToken: Ct);
        await alice.DisposeAsync();
        var phone = await OpenAsync(server.BaseAddress, () => server.Token("bob"));

        var result = await phone.SyncAsync(Ct);

        Assert.Equal((false, 1, 0), (result.FullResync, result.Pushed, result.Failed));
        using var bob = server.Api("bob");
        Assert.Single(await bob.PullAllAsync(), e => e["resource"]!.GetValue<string>() == "NOTE");
    }

    [Fact]
    public async Task After_a_reset_of_the_synced_data_only_queued_changes_stay_and_the_next_sync_pulls_everything_again()
    {
        var server = await StartAsync();
        var phone = await OpenAsync(server.BaseAddress, () => server.Token("alice"));
        await phone.Notes.AddAsync("synced", ["1:1-1:2"], cancellationToken: Ct);
        await phone.SyncAsync(Ct);
        await phone.Notes.AddAsync("queued", ["2:1-2:2"], cancellationToken: Ct);

        await phone.ResetSyncedDataAsync(Ct);

        Assert.Equal(["queued"], (await phone.Notes.ListAsync(Ct)).Select(n => n.Body));
        var status = await phone.GetStatusAsync(Ct);
        Assert.Equal((0L, 1L, true, (Uri?)null), (status.LastMutationAt, status.PendingCount, status.Resyncing, status.Server));
        var result = await phone.SyncAsync(Ct);
        Assert.True(result.IsComplete, result.ToString());
        Assert.Equal((true, FullResyncReason.Reset, 1), (result.FullResync, result.ResyncReason, result.Pushed));
        Assert.Equal(["queued", "synced"], (await phone.Notes.ListAsync(Ct)).Select(n => n.Body).Order());
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }

        Directory.Delete(_directory, recursive: true);
    }

    private async Task<SyncServer> StartAsync(Dictionary<string, string?>? settings = null)
    {
        var server = await SyncServer.StartAsync(Sqlite, settings, Ct);
        _servers.Add(server);
        return server;
    }

    /// <summary>Stops <paramref name="server"/> and starts an empty one (a new data directory) on its port.</summary>
    private async Task<SyncServer> RestartEmptyAsync(SyncServer server)
    {
        var port = server.BaseAddress.Port;
        _servers.Remove(server);
        await server.DisposeAsync();
        return await StartAsync(new() { ["Urls"] = $"http://127.0.0.1:{port}" });
    }

    private async Task<SyncClient> OpenAsync(Uri serverUrl, Func<string> token, NetworkSwitch? network = null)
    {
        var client = await SyncClient.OpenAsync(
            new SyncClientOptions
            {
                ServerUrl = serverUrl,
                DatabasePath = DatabasePath,
                TokenProvider = _ => ValueTask.FromResult(token()),
                HttpClient = new HttpClient(network ?? new NetworkSwitch()),
                BackoffBase = TimeSpan.FromMilliseconds(1),
                BackoffCap = TimeSpan.FromMilliseconds(5),
            },
            cancellationToken: Ct);
        _clients.Add(client);
        return client;
    }
}
