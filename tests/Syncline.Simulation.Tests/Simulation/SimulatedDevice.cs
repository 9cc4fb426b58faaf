using Syncline.Client;
using Syncline.Simulation.Tests.Network;
using Syncline.Testing;

namespace Syncline.Simulation.Tests.Simulation;

/// <summary>
/// One device: a <see cref="SyncClient"/> on its own database file, reaching the server only through
/// its own <see cref="FaultProxy"/>. It can be crashed mid-sync and reopened from its file.
/// </summary>
internal sealed class SimulatedDevice : IAsyncDisposable
{
    private readonly ISimulatedServer _server;
    private HttpClient? _http;

    private SimulatedDevice(DevicePlan plan, string databasePath, FaultProxy network, ISimulatedServer server)
    {
        Plan = plan;
        DatabasePath = databasePath;
        Network = network;
        _server = server;
    }

    public DevicePlan Plan { get; }

    public string DatabasePath { get; }

    public FaultProxy Network { get; }

    public SyncClient Client { get; private set; } = null!;

    /// <summary>What happened on this device, in order, for the message of a failing seed.</summary>
    public List<string> Journal { get; } = [];

    /// <summary>What this device wrote locally and expects to reach the server.</summary>
    public WriteLedger Ledger => field ??= new WriteLedger(Journal);

    public static async Task<SimulatedDevice> OpenAsync(DevicePlan plan, int seed, string directory, ISimulatedServer server, CancellationToken ct)
    {
        var network = FaultProxy.Start(server.Address, SimulationPlan.DeviceSeed(seed, plan.Name), plan.Network);
        var device = new SimulatedDevice(plan, Path.Combine(directory, $"{plan.User}-{plan.Name}.db"), network, server);
        await device.OpenClientAsync(ct);
        return device;
    }

    /// <summary>
    /// The app dies mid-sync: the sync's token is cancelled and the client closed at once, at a random
    /// moment; then the app starts again on the same database file.
    /// </summary>
    public async Task CrashDuringSyncAsync(TimeSpan after, CancellationToken ct)
    {
        using var crash = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var sync = Client.SyncAsync(crash.Token);
        await Task.Delay(after, ct);
        await crash.CancelAsync();
        await CloseClientAsync();
        try
        {
            await sync;
        }
        catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or InvalidOperationException or Microsoft.Data.Sqlite.SqliteException)
        {
            // Whatever the dying sync threw is gone with the process it stands for.
        }

        await OpenClientAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        await CloseClientAsync();
        await Network.DisposeAsync();
    }

    private async Task OpenClientAsync(CancellationToken ct)
    {
        _http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(2) }) { Timeout = TimeSpan.FromSeconds(10) };
        var options = new SyncClientOptions
        {
            DatabasePath = DatabasePath,
            // Each device has its own clock, a few seconds off the server's (and, as on real devices, no two alike):
            // client times and the settlement of lost batches are judged by it. On one clock, devices of one seed
            // made records in the same millisecond far more often than real devices do (upstream seed 205).
            TimeProvider = new ShiftedClock { Offset = Plan.ClockOffset },
            HttpClient = _http,
            ConflictResolver = Plan.Policy switch
            {
                ConflictPolicy.ServerWins => ConflictResolvers.ServerWins,
                ConflictPolicy.ClientWins => ConflictResolvers.ClientWins,
                _ => ConflictResolvers.LocalChangesWin,
            },
            PullPageSize = Plan.PullPageSize,
            PushBatchSize = Plan.PushBatchSize,
            MaxTransientRetries = 1,
            LostPushWindow = SimulationPlan.LostPushWindow,
            BackoffBase = TimeSpan.FromMilliseconds(1),
            BackoffCap = TimeSpan.FromMilliseconds(5),
        };
        _server.Configure(options, Network.BaseAddress, Plan.User, Plan.Name);

        Client = await SyncClient.OpenAsync(options, cancellationToken: ct);
        Client.ResourcesChanged += JournalSyncChanges;
    }

    /// <summary>
    /// What a sync did to links, and what it removed or renamed: the trail a failing seed needs when a
    /// write vanished (a crash cuts a sync's result from the journal, not its changes). Raised while a
    /// sync runs, when nothing else writes this device's journal.
    /// </summary>
    private void JournalSyncChanges(object? sender, ResourcesChangedEventArgs e)
    {
        var lines = e.Changes
            .Where(c => c.Origin != ChangeOrigin.Local
                && (c.Resource == "COLLECTION_BOOKMARK" || c.Kind is ChangeKind.Deleted or ChangeKind.IdChanged))
            .Select(c => $"  {c.Origin} {c.Kind} {c.Resource} {c.Id}{(c.PreviousId is null ? "" : $" (was {c.PreviousId})")}");
        Journal.AddRange(lines);
        foreach (var change in e.Changes.Where(c => c is { Kind: ChangeKind.IdChanged, PreviousId: not null } && c.Resource != "COLLECTION_BOOKMARK"))
        {
            Ledger.LearnId(change.PreviousId!, change.Id);
        }
    }

    private async Task CloseClientAsync()
    {
        await Client.DisposeAsync();
        _http?.Dispose();
        _http = null;
    }
}
