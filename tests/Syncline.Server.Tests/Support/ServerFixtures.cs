namespace Syncline.Server.Tests.Support;

/// <summary>
/// One running server per test class, on one store. A store gets its contract suite by
/// subclassing this and <see cref="Contract.SyncApiContractTests{TFixture}"/>; nothing else changes.
/// Every test uses its own user, so tests on one server never see each other's data.
/// </summary>
public abstract class ServerFixture : IAsyncLifetime
{
    private SyncServer? _server;

    public SyncServer Server => _server ?? throw new InvalidOperationException("The server has not started");

    /// <summary>The settings that select and configure the store.</summary>
    protected abstract IReadOnlyDictionary<string, string?> StoreSettings();

    /// <summary>Starts another server on the same store settings, for tests that need their own (limits, restarts).</summary>
    public Task<SyncServer> StartServerAsync(IReadOnlyDictionary<string, string?>? settings = null) =>
        SyncServer.StartAsync(StoreSettings(), settings, TestContext.Current.CancellationToken);

    public async ValueTask InitializeAsync() => _server = await SyncServer.StartAsync(StoreSettings());

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}

/// <summary>The embedded default: a fresh SQLite file in the server's own data directory.</summary>
public sealed class SqliteServerFixture : ServerFixture
{
    protected override IReadOnlyDictionary<string, string?> StoreSettings() =>
        new Dictionary<string, string?> { ["Syncline:Store"] = "Sqlite" };
}
