using Syncline.Testing.Postgres;

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

    /// <summary>Whether this store can run here; when not, the fixture starts nothing and the tests skip themselves.</summary>
    protected virtual bool IsAvailable => true;

    /// <summary>The settings that select the store, with fresh storage of its own: each server started gets its own.</summary>
    protected abstract Task<IReadOnlyDictionary<string, string?>> NewStoreSettingsAsync(CancellationToken ct);

    /// <summary>Frees what <see cref="NewStoreSettingsAsync"/> made, after its server stopped.</summary>
    protected virtual Task DropStoreAsync(IReadOnlyDictionary<string, string?> storeSettings) => Task.CompletedTask;

    /// <summary>Starts another server with its own storage, for tests that need their own (limits, a broken store).</summary>
    public async Task<OwnedServer> StartServerAsync(IReadOnlyDictionary<string, string?>? settings = null, TimeProvider? time = null)
    {
        var ct = TestContext.Current.CancellationToken;
        var store = await NewStoreSettingsAsync(ct);
        return new OwnedServer(await SyncServer.StartAsync(store, settings, time, ct), store, () => DropStoreAsync(store));
    }

    /// <summary>
    /// Starts a second server on the storage of <paramref name="running"/> with other settings (say,
    /// lower limits), as an operator restarting with a new configuration. Dispose it before <paramref name="running"/>.
    /// </summary>
    public static Task<SyncServer> StartOnSameStoreAsync(OwnedServer running, IReadOnlyDictionary<string, string?> settings)
    {
        var all = new Dictionary<string, string?>(settings) { ["Syncline:DataDirectory"] = running.Server.DataDirectory };
        return SyncServer.StartAsync(running.StoreSettings, all, TestContext.Current.CancellationToken);
    }

    public async ValueTask InitializeAsync()
    {
        if (IsAvailable)
        {
            _store = await NewStoreSettingsAsync(CancellationToken.None);
            _server = await SyncServer.StartAsync(_store);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
            await DropStoreAsync(_store!);
        }

        GC.SuppressFinalize(this);
    }

    private IReadOnlyDictionary<string, string?>? _store;
}

/// <summary>A server a test started for itself; disposing it stops it and drops its storage.</summary>
public sealed class OwnedServer(SyncServer server, IReadOnlyDictionary<string, string?> storeSettings, Func<Task> drop) : IAsyncDisposable
{
    public SyncServer Server => server;

    /// <summary>The settings that select this server's storage.</summary>
    public IReadOnlyDictionary<string, string?> StoreSettings => storeSettings;

    public async ValueTask DisposeAsync()
    {
        await server.DisposeAsync();
        await drop();
    }
}

/// <summary>The embedded default: a fresh SQLite file in the server's own data directory.</summary>
public sealed class SqliteServerFixture : ServerFixture
{
    protected override Task<IReadOnlyDictionary<string, string?>> NewStoreSettingsAsync(CancellationToken ct) =>
        Task.FromResult<IReadOnlyDictionary<string, string?>>(new Dictionary<string, string?> { ["Syncline:Store"] = "Sqlite" });
}

/// <summary>PostgreSQL at <see cref="TestPostgres"/>: a new database per server, dropped when it stops.</summary>
public sealed class PostgresServerFixture : ServerFixture
{
    protected override bool IsAvailable => TestPostgres.ConnectionString is not null;

    protected override async Task<IReadOnlyDictionary<string, string?>> NewStoreSettingsAsync(CancellationToken ct) =>
        new Dictionary<string, string?>
        {
            ["Syncline:Store"] = "Postgres",
            ["ConnectionStrings:Syncline"] = await TestPostgres.CreateDatabaseAsync(ct),
        };

    protected override Task DropStoreAsync(IReadOnlyDictionary<string, string?> storeSettings) =>
        TestPostgres.DropDatabaseAsync(storeSettings["ConnectionStrings:Syncline"]!);
}
