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
    private readonly ChangeFeed _feed = new();
    private readonly HttpClient? _ownedHttp;

    private SyncClient(LocalDatabase database, SyncClientOptions options, ILogger logger)
    {
        _database = database;
        var writer = new LocalWriter(database, options.TimeProvider, _feed, this);
        Bookmarks = new Bookmarks(writer);
        Collections = new Collections(writer);
        CollectionBookmarks = new CollectionBookmarks(writer);
        Notes = new Notes(writer);
        Failed = new FailedMutations(writer, options.TimeProvider);
        var http = options.HttpClient ?? (_ownedHttp = new HttpClient { Timeout = TimeSpan.FromSeconds(30) });
        var serverUrl = options.ServerUrl!.AbsoluteUri.EndsWith('/') ? options.ServerUrl : new Uri(options.ServerUrl.AbsoluteUri + "/");
        _engine = new SyncEngine(database, new SyncHttp(http, serverUrl, options.TokenProvider!), options, _feed, this, logger);
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

    /// <summary>Raised as a pull applies pages: entries applied of the total.</summary>
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
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Syncline.Client");
        return new SyncClient(database, options, logger);
    }

    /// <summary>
    /// Pulls, applies, pushes and reconciles until both sides agree, or says why it stopped
    /// (offline, errors). A call while a sync runs joins it. Throws only for a refused token or cancellation.
    /// </summary>
    public Task<SyncResult> SyncAsync(CancellationToken cancellationToken = default) => _engine.SyncAsync(cancellationToken);

    /// <summary>The cursor, pending and failed counts, and when sync last ran.</summary>
    public async Task<SyncStatusSnapshot> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var metadata = await connection.GetMetadataAsync(cancellationToken).ConfigureAwait(false);
        return new SyncStatusSnapshot(
            metadata.LastMutationAt,
            await connection.PendingCountAsync(cancellationToken).ConfigureAwait(false),
            await connection.FailedCountAsync(cancellationToken).ConfigureAwait(false),
            metadata.LastSyncAttempt is { } attempt ? DateTimeOffset.FromUnixTimeMilliseconds(attempt) : null,
            metadata.LastSuccessfulSync is { } success ? DateTimeOffset.FromUnixTimeMilliseconds(success) : null);
    }

    /// <summary>Closes the database. A sync still running is abandoned where it stands; the next one resumes it.</summary>
    public async ValueTask DisposeAsync()
    {
        _ownedHttp?.Dispose();
        await _database.DisposeAsync().ConfigureAwait(false);
    }
}
