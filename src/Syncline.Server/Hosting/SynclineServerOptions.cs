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

/// <summary>The per-user token bucket, section <c>Syncline:RateLimit</c>. 0 permits per second turns it off.</summary>
internal sealed class RateLimitOptions
{
    [Range(0, 1_000_000)]
    public int PermitsPerSecond { get; set; } = 50;

    [Range(1, 1_000_000)]
    public int Burst { get; set; } = 100;
}

internal enum StoreKind
{
    /// <summary>Embedded, one file in the data directory; one server instance.</summary>
    Sqlite,

    /// <summary>PostgreSQL at <c>ConnectionStrings:Syncline</c>; any number of server instances.</summary>
    Postgres,
}
