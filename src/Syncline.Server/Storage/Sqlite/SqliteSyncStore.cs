using Microsoft.Data.Sqlite;

namespace Syncline.Server.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode. SQLite has one writer per database, so the
/// per-user write lock is a single writer gate: it serializes each user's pushes (what the 409
/// check needs) and makes different users wait only for what SQLite forces anyway, without
/// busy-polling; waiting pushes are committed together (group commit). Readers never take it:
/// WAL gives each pull its own snapshot.
/// </summary>
internal sealed class SqliteSyncStore : ISyncStore, IDisposable
{
    private readonly string _connectionString;

    private readonly SqliteDurability _durability;
    private readonly SqliteGroupCommit _groups;

    // The one writer connection, kept open with its prepared statements: pushes take turns on it anyway.
    private readonly Dictionary<string, SqliteCommand> _writerCommands = [];
    private SqliteConnection? _writerConnection;

    public SqliteSyncStore(string databasePath, SqliteDurability durability = SqliteDurability.Full)
    {
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        _durability = durability;
        _groups = new SqliteGroupCommit(RunGroupAsync);
    }

    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using (var wal = connection.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode = WAL;";
            await wal.ExecuteNonQueryAsync(cancellationToken);
        }

        await SqliteMigrations.ApplyAsync(connection, cancellationToken);
    }

    public async Task<long> GetHeadAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await ReadHeadAsync(connection, userId, cancellationToken);
    }

    public async Task<TResult> ReadLogAsync<TResult>(
        LogQuery query, Func<LogSnapshot, CancellationToken, Task<TResult>> read, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(read);
        await using var connection = await OpenAsync(cancellationToken);

        // One deferred transaction: in WAL mode its reads share one snapshot.
        await using var snapshot = connection.BeginTransaction(deferred: true);
        return await SqliteChanges.ReadAsync(connection, query, read, cancellationToken);
    }

    /// <summary>Runs the push in the next group commit (<see cref="SqliteGroupCommit"/>, <see cref="RunGroupAsync"/>).</summary>
    public async Task<TOutcome> WriteAsync<TOutcome>(
        string userId,
        Func<IUserWriteSession, CancellationToken, Task<TOutcome>> work,
        CancellationToken cancellationToken = default)
        where TOutcome : IWriteOutcome
    {
        ArgumentNullException.ThrowIfNull(work);
        return (TOutcome)await _groups.WriteAsync(new PendingWrite(userId, async (session, ct) => await work(session, ct), cancellationToken));
    }

    /// <summary>Writes queued for the next group (see <see cref="SqliteGroupCommit.Queued"/>).</summary>
    internal int QueuedWrites => _groups.Queued;

    /// <summary>
    /// Runs a group in one transaction, each write inside its own savepoint (a refused or failed push rolls back to it
    /// alone), commits once, then answers them all; only called holding the writer gate. Nothing is answered before
    /// the commit that holds it.
    /// </summary>
    private async Task RunGroupAsync(IReadOnlyList<PendingWrite> group)
    {
        var results = new List<(PendingWrite Write, IWriteOutcome? Outcome, Exception? Error)>(group.Count);
        try
        {
            var connection = await WriterConnectionAsync(CancellationToken.None);

            // IMMEDIATE: take SQLite's write lock now, so every read in the group is already serialized.
            await using var transaction = connection.BeginTransaction(deferred: false);
            foreach (var write in group)
            {
                if (write.Cancellation.IsCancellationRequested)
                {
                    results.Add((write, null, new OperationCanceledException(write.Cancellation)));
                    continue;
                }

                transaction.Save("push");
                try
                {
                    var (head, usage) = await ReadUserAsync(connection, write.UserId, write.Cancellation);
                    var session = new SqliteUserWriteSession(connection, transaction, _writerCommands, write.UserId, head, usage);
                    var outcome = await write.Work(session, write.Cancellation);
                    if (!outcome.Commit)
                    {
                        transaction.Rollback("push");
                    }

                    transaction.Release("push");
                    results.Add((write, outcome, null));
                }
                catch (Exception exception)
                {
                    transaction.Rollback("push");
                    transaction.Release("push");
                    results.Add((write, null, exception));
                }
            }

            // Once committed, the pushes are applied whatever happens to their requests: no cancellation here.
            // A group with nothing to keep rolls back: a commit would still append the pages its savepoints
            // touched to the WAL (and fsync them), so every refused push would write to disk.
            if (results.Any(r => r.Outcome?.Commit == true))
            {
                await transaction.CommitAsync(CancellationToken.None);
            }
            else
            {
                await transaction.RollbackAsync(CancellationToken.None);
            }
        }
        catch (Exception exception)
        {
            // Nothing of the group was committed: every write in it fails with the cause. The writer
            // connection may be what broke: the next group opens a fresh one.
            foreach (var write in group)
            {
                write.Done.TrySetException(exception);
            }

            ResetWriterConnection();
            return;
        }

        foreach (var (write, outcome, error) in results)
        {
            if (error is not null)
            {
                write.Done.TrySetException(error);
            }
            else
            {
                write.Done.TrySetResult(outcome!);
            }
        }
    }

    /// <summary>
    /// One user and one chunk at a time, each under the writer gate on the writer connection: pushes queue behind
    /// a chunk as behind another group, never behind a whole run, and never meet SQLite's busy lock.
    /// </summary>
    public async Task<PruneResult> PruneAsync(long logBefore, long tombstonesBefore, CancellationToken cancellationToken = default)
    {
        List<string> users;
        await using (var connection = await OpenAsync(cancellationToken))
        {
            users = await SqlitePruning.UsersAsync(connection, cancellationToken);
        }

        long log = 0, tombstones = 0;
        foreach (var user in users)
        {
            while (true)
            {
                var (l, t) = await PruneChunkAsync(user, logBefore, tombstonesBefore, cancellationToken);
                (log, tombstones) = (log + l, tombstones + t);
                if (l < SqlitePruning.Chunk && t < SqlitePruning.Chunk)
                {
                    break;
                }
            }
        }

        return new PruneResult(users.Count, log, tombstones);
    }

    private Task<(long LogEntries, long Tombstones)> PruneChunkAsync(string userId, long logBefore, long tombstonesBefore, CancellationToken ct) =>
        _groups.AloneAsync(
            async () =>
            {
                try
                {
                    var connection = await WriterConnectionAsync(ct);
                    await using var transaction = connection.BeginTransaction(deferred: false);
                    var pruned = await SqlitePruning.PruneChunkAsync(connection, transaction, userId, logBefore, tombstonesBefore, ct);
                    await transaction.CommitAsync(CancellationToken.None);
                    return pruned;
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    ResetWriterConnection();
                    throw;
                }
            },
            ct);

    public async Task<bool> PingAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM schema_migrations";
        return (long)(await command.ExecuteScalarAsync(cancellationToken))! > 0;
    }

    public void Dispose()
    {
        // Let a group in progress finish before its connection closes under it.
        _groups.Dispose();
        foreach (var command in _writerCommands.Values)
        {
            command.Dispose();
        }

        _writerConnection?.Dispose();
    }

    /// <summary>Drops the writer connection and its prepared commands; only called holding the writer gate.</summary>
    private void ResetWriterConnection()
    {
        foreach (var command in _writerCommands.Values)
        {
            command.Dispose();
        }

        _writerCommands.Clear();
        _writerConnection?.Dispose();
        _writerConnection = null;
    }

    /// <summary>Opens the writer connection on first use; only called holding the writer gate.</summary>
    private async Task<SqliteConnection> WriterConnectionAsync(CancellationToken ct)
    {
        if (_writerConnection is null)
        {
            var connection = await OpenAsync(ct);
            if (_durability == SqliteDurability.Normal)
            {
                await using var pragma = connection.CreateCommand();
                pragma.CommandText = "PRAGMA synchronous = NORMAL;";
                await pragma.ExecuteNonQueryAsync(ct);
            }

            _writerConnection = connection;
        }

        return _writerConnection;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static async Task<long> ReadHeadAsync(SqliteConnection connection, string userId, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT head FROM users WHERE user_id = $u";
        command.Parameters.AddWithValue("$u", userId);
        return await command.ExecuteScalarAsync(ct) is long head ? head : 0;
    }

    /// <summary>The head and usage a push starts from (a user with no push yet: 0 and nothing).</summary>
    private static async Task<(long Head, Usage Usage)> ReadUserAsync(SqliteConnection connection, string userId, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT head, live_records, live_bytes FROM users WHERE user_id = $u";
        command.Parameters.AddWithValue("$u", userId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (reader.GetInt64(0), new Usage(reader.GetInt64(1), reader.GetInt64(2))) : (0, default);
    }
}

/// <summary>A write waiting for its group.</summary>
internal sealed class PendingWrite(string userId, Func<IUserWriteSession, CancellationToken, Task<IWriteOutcome>> work, CancellationToken cancellation)
{
    public string UserId => userId;

    public Func<IUserWriteSession, CancellationToken, Task<IWriteOutcome>> Work => work;

    public CancellationToken Cancellation => cancellation;

    public TaskCompletionSource<IWriteOutcome> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>When a SQLite commit is on disk (<c>Syncline:Sqlite:Durability</c>).</summary>
internal enum SqliteDurability
{
    /// <summary>Every acknowledged push is on disk (fsync per commit): survives power loss. The default.</summary>
    Full,

    /// <summary>
    /// WAL with <c>synchronous=NORMAL</c>: commits survive a crash of the server process but the
    /// last ones may be lost on power loss or an OS crash; more pushes per second (no fsync per commit).
    /// </summary>
    Normal,
}
