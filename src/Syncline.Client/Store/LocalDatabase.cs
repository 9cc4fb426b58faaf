using System.Globalization;
using System.Reflection;
using Microsoft.Data.Sqlite;

namespace Syncline.Client.Store;

/// <summary>
/// The device's SQLite file (WAL). Reads open their own pooled connection; writes take turns on
/// one gate, because SQLite has one writer, and waiting on a gate beats SQLite's busy polling.
/// </summary>
internal sealed class LocalDatabase : IAsyncDisposable
{
    private readonly string _connectionString;
    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly Lock _migrationGate = new();
    private Task? _migrated;
    private SqliteConnection? _writerConnection;
    private bool _disposed;

    /// <summary>Names the file; the schema is brought up to date on first use (or by <see cref="OpenAsync"/>).</summary>
    public LocalDatabase(string path)
    {
        Path = path;
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();
    }

    public string Path { get; }

    public static async Task<LocalDatabase> OpenAsync(string path, CancellationToken ct)
    {
        var database = new LocalDatabase(path);
        await database.MigratedAsync(ct).ConfigureAwait(false);
        return database;
    }

    public async Task<SqliteConnection> OpenConnectionAsync(CancellationToken ct)
    {
        await MigratedAsync(ct).ConfigureAwait(false);
        return await ConnectAsync(ct).ConfigureAwait(false);
    }

    private async Task<SqliteConnection> ConnectAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(ct).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one write transaction; it is durable when this returns. All
    /// writes share one long-lived connection (they take turns anyway), so its prepared statements
    /// serve every write instead of being prepared again for each.
    /// </summary>
    public async Task<T> WriteAsync<T>(Func<SqliteConnection, CancellationToken, Task<T>> work, CancellationToken ct)
    {
        await _writer.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var connection = _writerConnection ??= await OpenConnectionAsync(ct).ConfigureAwait(false);
            using var transaction = connection.BeginTransaction(deferred: false);
            var result = await work(connection, ct).ConfigureAwait(false);
            await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            return result;
        }
        catch (SqliteException)
        {
            // The connection itself may be what failed (an I/O error): the next write opens a fresh one.
            _writerConnection?.Dispose();
            _writerConnection = null;
            throw;
        }
        finally
        {
            if (_disposed)
            {
                _writerConnection?.Dispose();
                _writerConnection = null;
            }

            _writer.Release();
        }
    }

    public Task WriteAsync(Func<SqliteConnection, CancellationToken, Task> work, CancellationToken ct) =>
        WriteAsync<bool>(async (connection, token) =>
        {
            await work(connection, token).ConfigureAwait(false);
            return true;
        }, ct);

    public async ValueTask DisposeAsync()
    {
        // Let a write in progress finish (a few milliseconds) before its connection closes under it.
        var acquired = await _writer.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        _disposed = true;
        if (acquired)
        {
            _writerConnection?.Dispose();
            _writerConnection = null;
            _writer.Release();
        }

        // Otherwise the write in progress closes the connection when it ends (see WriteAsync).

        // Pooled connections keep the file open; a closed client must release it (tests reopen the same file).
        SqliteConnection.ClearPool(new SqliteConnection(_connectionString));
    }

    /// <summary>The schema migration, run once; a failed one (a locked or missing file) is tried again on the next use.</summary>
    private Task MigratedAsync(CancellationToken ct)
    {
        lock (_migrationGate)
        {
            if (_migrated is null || _migrated.IsFaulted || _migrated.IsCanceled)
            {
                _migrated = MigrateAsync(CancellationToken.None);
            }

            return _migrated.WaitAsync(ct);
        }
    }

    private async Task MigrateAsync(CancellationToken ct)
    {
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        using var connection = await ConnectAsync(ct).ConfigureAwait(false);
        await connection.ExecuteAsync("PRAGMA journal_mode = WAL; CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL);", ct).ConfigureAwait(false);
        foreach (var (version, name, sql) in Scripts())
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            if (await connection.ScalarAsync<long>("SELECT COUNT(*) FROM schema_migrations WHERE version = $v", ct, ("$v", version)).ConfigureAwait(false) > 0)
            {
                continue;
            }

            await connection.ExecuteAsync(sql, ct).ConfigureAwait(false);
            await connection.ExecuteAsync("INSERT INTO schema_migrations (version, name) VALUES ($v, $n)", ct, ("$v", version), ("$n", name)).ConfigureAwait(false);
            await transaction.CommitAsync(ct).ConfigureAwait(false);
        }
    }

    private static IEnumerable<(int Version, string Name, string Sql)> Scripts()
    {
        var assembly = Assembly.GetExecutingAssembly();
        const string prefix = "Syncline.Client.Store.Migrations.";
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var name = resource[prefix.Length..^".sql".Length];
            var version = int.Parse(name.AsSpan(0, name.IndexOf('_', StringComparison.Ordinal)), CultureInfo.InvariantCulture);
            using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
            yield return (version, name, reader.ReadToEnd());
        }
    }
}
