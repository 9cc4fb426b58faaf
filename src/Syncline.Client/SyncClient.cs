using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Syncline.Client.Resources;
using Syncline.Client.Store;
using Syncline.Client.Sync;

namespace Syncline.Client;

/// <summary>
/// What an app holds: the user's data on this device, readable and writable with no network, and
/// the sync that brings it in line with the server. Open one per database file.
/// </summary>
public sealed class SyncClient : IAsyncDisposable
{
    private readonly LocalDatabase _database;
    private readonly SyncEngine _engine;
    private readonly ChangeFeed _feed;
    private readonly ILogger _logger;
    private readonly HttpClient? _ownedHttp;
    private readonly SyncHttp _http;
    private readonly SyncClientOptions _options;
    private readonly Lock _backgroundGate = new();
    private BackgroundSync? _background;

    private SyncClient(LocalDatabase database, SyncClientOptions options, ILoggerFactory loggerFactory, HttpClient? httpClient = null)
    {
        var logger = loggerFactory.CreateLogger("Syncline.Client");
        _feed = new ChangeFeed(logger);
        _logger = logger;
        _database = database;
        var writer = new LocalWriter(database, options.TimeProvider, _feed, this);
        Bookmarks = new Bookmarks(writer);
        Collections = new Collections(writer);
        CollectionBookmarks = new CollectionBookmarks(writer);
        Notes = new Notes(writer);
        ReadingSessions = new ReadingSessions(writer, options.TimeProvider);
        Failed = new FailedMutations(writer, options.TimeProvider);
        // A connect timeout well under the request timeout: an unreachable server is known to be offline fast.
        var http = httpClient ?? options.HttpClient ?? (_ownedHttp = new HttpClient(new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(10),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        })
        {
            Timeout = TimeSpan.FromSeconds(30),
        });
        _http = new SyncHttp(http, WithSlash(options.ServerUrl!), options.TokenProvider!, options.TimeProvider, options.Profile, options.ClientId);
        _options = options;
        _engine = new SyncEngine(database, _http, options, _feed, this, logger);
    }

    /// <summary>Raised after every committed change: local writes, pulled changes, acknowledgements (with id changes).</summary>
    public event EventHandler<ResourcesChangedEventArgs>? ResourcesChanged
    {
        add => _feed.Changed += value;
        remove => _feed.Changed -= value;
    }

    /// <summary>Raised when the sync state changes.</summary>
    public event EventHandler<SyncState>? StateChanged
    {
        add => _engine.StateChanged += value;
        remove => _engine.StateChanged -= value;
    }

    /// <summary>Raised when a sync ends (not when it throws), with what it did.</summary>
    public event EventHandler<SyncResult>? SyncCompleted
    {
        add => _engine.Completed += value;
        remove => _engine.Completed -= value;
    }

    /// <summary>Raised as a pull applies pages (entries applied of the total) and as a push's batches are acknowledged (changes sent of those queued).</summary>
    public event EventHandler<SyncProgress>? Progress
    {
        add => _engine.Progress += value;
        remove => _engine.Progress -= value;
    }

    /// <summary>The user's bookmarks.</summary>
    public Bookmarks Bookmarks { get; }

    /// <summary>The user's collections.</summary>
    public Collections Collections { get; }

    /// <summary>Which bookmarks are in which collections.</summary>
    public CollectionBookmarks CollectionBookmarks { get; }

    /// <summary>The user's notes.</summary>
    public Notes Notes { get; }

    /// <summary>The user's reading sessions: where they were reading.</summary>
    public ReadingSessions ReadingSessions { get; }

    /// <summary>Changes that could not be applied: retry or discard them.</summary>
    public FailedMutations Failed { get; }

    /// <summary>What the sync engine is doing now.</summary>
    public SyncState State => _engine.State;

    /// <summary>Opens (creating when missing) the local database and returns a client over it. No network is needed.</summary>
    public static async Task<SyncClient> OpenAsync(SyncClientOptions options, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var database = await LocalDatabase.OpenAsync(options.DatabasePath, cancellationToken).ConfigureAwait(false);
        return new SyncClient(database, options, loggerFactory ?? NullLoggerFactory.Instance);
    }

    /// <summary>Returns a client whose database is opened (and its schema updated) on first use: for DI containers, which cannot await.</summary>
    public static SyncClient Create(SyncClientOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return new SyncClient(new LocalDatabase(options.DatabasePath), options, loggerFactory ?? NullLoggerFactory.Instance);
    }

    /// <summary>As <see cref="Create(SyncClientOptions, ILoggerFactory?)"/>, on <paramref name="httpClient"/> when the options name none (the DI container's named client), leaving the options as they are.</summary>
    internal static SyncClient Create(SyncClientOptions options, ILoggerFactory? loggerFactory, HttpClient httpClient)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return new SyncClient(new LocalDatabase(options.DatabasePath), options, loggerFactory ?? NullLoggerFactory.Instance, httpClient);
    }

    /// <summary>
    /// Pulls, applies, pushes and reconciles until both sides agree, or says why it stopped
    /// (offline, errors). A call while a sync runs joins it. Throws only for a refused token or cancellation.
    /// </summary>
    public Task<SyncResult> SyncAsync(CancellationToken cancellationToken = default) => _engine.SyncAsync(cancellationToken);

    /// <summary>Whether the server answers now: one cheap call (<c>metadataOnly=true</c>), no sync.</summary>
    public Task<bool> CheckServerAsync(CancellationToken cancellationToken = default) => ProbeAsync(cancellationToken);

    private async Task<bool> ProbeAsync(CancellationToken ct) => !(await _http.HeadAsync(ct).ConfigureAwait(false)).IsTransient;

    /// <summary>The cursor, pending and failed counts, when sync last ran, and where the synced data came from.</summary>
    public async Task<SyncStatusSnapshot> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var metadata = await connection.GetMetadataAsync(cancellationToken).ConfigureAwait(false);
        var origin = await connection.GetOriginAsync(cancellationToken).ConfigureAwait(false);
        return new SyncStatusSnapshot(
            metadata.LastMutationAt,
            await connection.PendingCountAsync(cancellationToken).ConfigureAwait(false),
            await connection.FailedCountAsync(cancellationToken).ConfigureAwait(false),
            metadata.LastSyncAttempt is { } attempt ? DateTimeOffset.FromUnixTimeMilliseconds(attempt) : null,
            metadata.LastSuccessfulSync is { } success ? DateTimeOffset.FromUnixTimeMilliseconds(success) : null,
            origin is null ? null : new Uri(origin.Server),
            origin?.Account,
            metadata.Resyncing);
    }

    /// <summary>
    /// Whether syncing with <paramref name="server"/> and <paramref name="token"/> would pull everything again because
    /// the server or the account differs from where the local data came from (and why); null when it would not.
    /// </summary>
    public async Task<FullResyncReason?> ChangeOfServerAsync(Uri server, string token, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(token);
        using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var metadata = await connection.GetMetadataAsync(cancellationToken).ConfigureAwait(false);
        var recorded = await connection.GetOriginAsync(cancellationToken).ConfigureAwait(false);
        return ServerChange.ChangeFrom(recorded, ServerChange.Of(WithSlash(server), token), metadata.LastMutationAt > 0 || metadata.Resyncing);
    }

    /// <summary>
    /// Drops the records that came from the server, and the cursor; queued and failed changes stay. The next sync
    /// pulls everything again (a full resync, <see cref="FullResyncReason.Reset"/>). Throws while a sync runs.
    /// </summary>
    public Task ResetSyncedDataAsync(CancellationToken cancellationToken = default) => ResetAsync(LocalReset.ForgetServerDataAsync, cancellationToken);

    /// <summary>Deletes everything on this device: records, queued and failed changes, the cursor. Throws while a sync runs.</summary>
    public Task ResetAllAsync(CancellationToken cancellationToken = default) => ResetAsync(LocalReset.DeleteEverythingAsync, cancellationToken);

    private Task ResetAsync(Func<Microsoft.Data.Sqlite.SqliteConnection, CancellationToken, Task> reset, CancellationToken ct)
    {
        lock (_backgroundGate)
        {
            if (_background is not null)
            {
                throw new InvalidOperationException("Background sync is running: stop it before resetting the local data");
            }
        }

        return _engine.ResetAsync(reset, ct);
    }

    /// <summary>
    /// Starts syncing in the background: shortly after local writes, when the server becomes
    /// reachable, and when a poll of the server's head finds something new. Returns the handle that stops it.
    /// </summary>
    public BackgroundSync StartBackgroundSync()
    {
        lock (_backgroundGate)
        {
            if (_background is not null)
            {
                throw new InvalidOperationException("Background sync is already running for this client");
            }

            var defaultMonitor = _options.ConnectivityMonitor is null ? new ServerConnectivityMonitor(ProbeAsync) : null;
            var monitor = _options.ConnectivityMonitor ?? defaultMonitor!;
            var scheduler = new SyncScheduler(_engine.SyncAsync, _engine.PollAsync, _options, online => defaultMonitor?.Observe(online), _logger);
            EventHandler<ResourcesChangedEventArgs> onChange = (_, e) =>
            {
                if (e.Changes.Any(c => c.Origin == ChangeOrigin.Local))
                {
                    scheduler.LocalChange();
                }
            };
            EventHandler<bool> onConnectivity = (_, online) => scheduler.ConnectivityChanged(online);
            _feed.Changed += onChange;
            monitor.Changed += onConnectivity;
            scheduler.Start();
            // Catch up at once: there may be writes from before the app started.
            scheduler.ConnectivityChanged(online: true);
            return _background = new BackgroundSync(async () =>
            {
                _feed.Changed -= onChange;
                monitor.Changed -= onConnectivity;
                await scheduler.DisposeAsync().ConfigureAwait(false);
                defaultMonitor?.Dispose();
                lock (_backgroundGate)
                {
                    _background = null;
                }
            });
        }
    }

    /// <summary>The base address with a trailing slash, so <c>https://host/auth</c> + <c>v1/sync</c> keeps its path.</summary>
    private static Uri WithSlash(Uri server) => server.AbsoluteUri.EndsWith('/') ? server : new Uri(server.AbsoluteUri + "/");

    /// <summary>Closes the database (stopping background sync). A sync still running is abandoned where it stands; the next one resumes it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_background is { } background)
        {
            await background.StopAsync().ConfigureAwait(false);
        }

        _engine.Dispose();
        _ownedHttp?.Dispose();
        await _database.DisposeAsync().ConfigureAwait(false);
    }
}
