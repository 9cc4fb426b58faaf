using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Syncline.Client.Resources;
using Syncline.Client.Store;
using Syncline.Client.Sync;
using Syncline.Protocol;

namespace Syncline.Client.Tests.Support;

/// <summary>
/// One device's real SQLite file, driven the way the sync engine drives it, with no server: pulled
/// pages and push acknowledgements are given as the JSON a server would send.
/// </summary>
internal sealed class DeviceStore : IAsyncDisposable
{
    private DeviceStore(LocalDatabase database) => Database = database;

    public LocalDatabase Database { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<DeviceStore> OpenAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "syncline-client-tests", Guid.NewGuid().ToString("N"));
        return new DeviceStore(await LocalDatabase.OpenAsync(Path.Combine(directory, "device.db"), Ct));
    }

    /// <summary>One GET page, read and applied in one transaction as <c>SyncEngine</c> does.</summary>
    public Task PullAsync(string pageJson) =>
        Database.WriteAsync(async (c, t) =>
        {
            var page = JsonSerializer.Deserialize(pageJson, SynclineJsonContext.Default.SyncEnvelopePullPage)!.Data;
            var entries = await ServerData.ReadPageAsync(c, page.Mutations, t);
            await new PullApplier(ConflictResolvers.LocalChangesWin).ApplyAsync(c, entries, 1, t);
        }, Ct);

    /// <summary>A local write, as the typed collections make it.</summary>
    public Task<T> WriteAsync<T>(Func<LocalTransaction, Task<T>> work) =>
        Database.WriteAsync((c, t) => work(new LocalTransaction(c, 1_783_000_000_000)), Ct);

    /// <summary>Plans the next batch for <paramref name="profile"/>, as the push does.</summary>
    public async Task<PushBatch?> PlanAsync(ServerProfile profile) =>
        (await Database.WriteAsync((c, t) => PushPlanner.NextAsync(c, 100, 1_783_000_000_000, true, LinkEncoding.For(profile), t), Ct)).Batch;

    /// <summary>The batch's items as sent.</summary>
    public static JsonArray Sent(PushBatch batch) => JsonNode.Parse(batch.Body)!["mutations"]!.AsArray();

    public static PushResult Ack(string responseJson) =>
        JsonSerializer.Deserialize(responseJson, SynclineJsonContext.Default.SyncEnvelopePushResult)!.Data;

    /// <summary>Reconciles an acknowledgement the check accepted, as <c>SyncEngine</c> does.</summary>
    public Task ReconcileAsync(PushBatch batch, PushResult result) =>
        Database.WriteAsync((c, t) => Reconciler.ReconcileAsync(c, batch, result, 0, t), Ct);

    public async Task<LocalResource?> GetAsync(string resource, string id)
    {
        using var connection = await Database.OpenConnectionAsync(Ct);
        return await connection.GetAsync(resource, id, Ct);
    }

    public async Task<List<LocalResource>> ListAsync(string resource)
    {
        using var connection = await Database.OpenConnectionAsync(Ct);
        return await connection.QueryAsync(
            $"SELECT {ResourceRows.Columns} FROM resources WHERE resource = $r ORDER BY id", ResourceRows.Read, Ct, ("$r", resource));
    }

    public async Task<long> QueuedAsync()
    {
        using var connection = await Database.OpenConnectionAsync(Ct);
        return await connection.PendingCountAsync(Ct);
    }

    public async ValueTask DisposeAsync()
    {
        var directory = Path.GetDirectoryName(Database.Path)!;
        await Database.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
