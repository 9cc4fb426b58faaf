using System.Data;
using Npgsql;

namespace Syncline.Server.Storage.Postgres;

/// <summary>
/// The production store. Several server instances may share one database: a push holds the row
/// lock of its user's head row (<c>SELECT ... FOR UPDATE</c>) for its whole transaction, so one
/// user's pushes serialize across instances while different users never wait for each other.
/// A pull reads head, count and page in one REPEATABLE READ snapshot.
/// </summary>
internal sealed class PostgresSyncStore(NpgsqlDataSource dataSource) : ISyncStore
{
    public Task MigrateAsync(CancellationToken cancellationToken = default) => PostgresMigrations.ApplyAsync(dataSource, cancellationToken);

    public async Task<long> GetHeadAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT head FROM users WHERE user_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = userId });
        return await command.ExecuteScalarAsync(cancellationToken) is long head ? head : 0;
    }

    public async Task<TResult> ReadLogAsync<TResult>(
        LogQuery query, Func<LogSnapshot, CancellationToken, Task<TResult>> read, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(read);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var snapshot = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        return await PostgresChanges.ReadAsync(connection, snapshot, query, read, cancellationToken);
    }

    public async Task<TOutcome> WriteAsync<TOutcome>(
        string userId,
        Func<IUserWriteSession, CancellationToken, Task<TOutcome>> work,
        CancellationToken cancellationToken = default)
        where TOutcome : IWriteOutcome
    {
        ArgumentNullException.ThrowIfNull(work);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
        var (head, usage) = await LockUserAsync(connection, transaction, userId, cancellationToken);
        var session = new PostgresUserWriteSession(connection, transaction, userId, head, usage);
        var outcome = await work(session, cancellationToken);
        if (outcome.Commit)
        {
            await session.FlushAsync(cancellationToken);
            // Once committed, a push is applied whatever happens to the request: do not cancel the commit.
            await transaction.CommitAsync(CancellationToken.None);
        }
        else
        {
            await transaction.RollbackAsync(CancellationToken.None);
        }

        return outcome;
    }

    public Task<PruneResult> PruneAsync(long logBefore, long tombstonesBefore, CancellationToken cancellationToken = default) =>
        PostgresPruning.RunAsync(dataSource, logBefore, tombstonesBefore, cancellationToken);

    public async Task<bool> PingAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM schema_migrations");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))! > 0;
    }

    /// <summary>Takes the user's row lock (creating the row at head 0 for a first push) and reads the head and usage under it.</summary>
    private static async Task<(long Head, Usage Usage)> LockUserAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string userId, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                BatchCommand.Of("INSERT INTO users (user_id, head) VALUES ($1, 0) ON CONFLICT (user_id) DO NOTHING", userId),
                BatchCommand.Of("SELECT head, live_records, live_bytes FROM users WHERE user_id = $1 FOR UPDATE", userId),
            },
        };
        // Npgsql's reader skips the INSERT, which returns no rows: the first result is the SELECT's.
        await using var reader = await batch.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return (reader.GetInt64(0), new Usage(reader.GetInt64(1), reader.GetInt64(2)));
    }
}
