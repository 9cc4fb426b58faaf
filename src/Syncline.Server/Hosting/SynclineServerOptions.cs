using System.ComponentModel.DataAnnotations;
using Syncline.Server.Auth;

namespace Syncline.Server.Hosting;

/// <summary>Server settings, section <c>Syncline</c> (environment: <c>Syncline__Key</c>).</summary>
internal sealed class SynclineServerOptions
{
    public const string Section = "Syncline";

    /// <summary>Where the SQLite database and the local signing key live. Default <c>./data</c>.</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    /// <summary>The store: <c>Sqlite</c> (embedded default) or <c>Postgres</c>.</summary>
    public StoreKind Store { get; set; } = StoreKind.Sqlite;

    /// <summary>The most mutations one push may carry.</summary>
    [Range(1, 1000)]
    public int MaxBatchSize { get; set; } = 100;

    /// <summary>The largest push body, in bytes (default 1 MiB); larger bodies get 413.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    public RateLimitOptions RateLimit { get; set; } = new();

    /// <summary>Per-user storage limits (<c>Syncline:Quota</c>).</summary>
    public QuotaOptions Quota { get; set; } = new();

    public PullOptions Pull { get; set; } = new();

    public SqliteOptions Sqlite { get; set; } = new();

    public AuthOptions Auth { get; set; } = new();

    public Retention.RetentionOptions Retention { get; set; } = new();

    public string DataDirectoryFullPath => Path.GetFullPath(DataDirectory);
}

/// <summary>Settings of the SQLite store, section <c>Syncline:Sqlite</c>.</summary>
internal sealed class SqliteOptions
{
    /// <summary><c>Full</c> (default: fsync per commit) or <c>Normal</c> (survives process crashes, not power loss).</summary>
    public Storage.Sqlite.SqliteDurability Durability { get; set; } = Storage.Sqlite.SqliteDurability.Full;
}

/// <summary>Settings of pulls, section <c>Syncline:Pull</c>.</summary>
internal sealed class PullOptions
{
    /// <summary>
    /// The byte budget of a keyset page (default 4 MiB): the page stops before the entry that would take
    /// its body over it, with <c>hasMore</c>, yet always holds one entry. Pages asked by number are whole.
    /// </summary>
    [Range(1024, int.MaxValue)]
    public int MaxPageBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>How many pulls of one user are streamed at once (default 2); the others wait their turn.</summary>
    [Range(1, 1000)]
    public int MaxConcurrentPerUser { get; set; } = 2;
}

/// <summary>The per-user token bucket, section <c>Syncline:RateLimit</c>. 0 permits per second turns it off.</summary>
internal sealed class RateLimitOptions
{
    [Range(0, 1_000_000)]
    public int PermitsPerSecond { get; set; } = 50;

    [Range(1, 1_000_000)]
    public int Burst { get; set; } = 100;

    /// <summary>The per-IP bucket for sync requests without a valid token, section <c>Syncline:RateLimit:Unauthenticated</c>.</summary>
    public UnauthenticatedRateLimitOptions Unauthenticated { get; set; } = new();
}

/// <summary>
/// The token bucket per client IP address for sync requests without a valid token (they get 401s),
/// section <c>Syncline:RateLimit:Unauthenticated</c>. 0 permits per second turns it off.
/// </summary>
internal sealed class UnauthenticatedRateLimitOptions
{
    [Range(0, 1_000_000)]
    public int PermitsPerSecond { get; set; } = 10;

    [Range(1, 1_000_000)]
    public int Burst { get; set; } = 20;
}

internal enum StoreKind
{
    /// <summary>Embedded, one file in the data directory; one server instance.</summary>
    Sqlite,

    /// <summary>PostgreSQL at <c>ConnectionStrings:Syncline</c>; any number of server instances.</summary>
    Postgres,
}
