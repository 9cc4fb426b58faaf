using Npgsql;

namespace Syncline.Server.Storage.Postgres;

/// <summary>
/// Pruning on PostgreSQL. One instance prunes at a time (a session advisory lock; the others skip the run);
/// each chunk of one user is a transaction holding that user's row lock, like a push, so the horizon and
/// the tombstones it covers change together and never under a push.
/// </summary>
internal static class PostgresPruning
{
    /// <summary>The most rows one chunk deletes of each kind.</summary>
    public const int Chunk = 5000;

    // Any fixed number other than the migration lock's: "SynclPrn".
    private const long PruneLock = 0x53796e636c50726e;

    public static async Task<PruneResult> RunAsync(NpgsqlDataSource dataSource, long logBefore, long tombstonesBefore, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using (var tryLock = new NpgsqlCommand($"SELECT pg_try_advisory_lock({PruneLock})", connection))
        {
            if (!(bool)(await tryLock.ExecuteScalarAsync(ct))!)
            {
                return new PruneResult(0, 0, 0);
            }
        }

        try
        {
            var users = new List<string>();
            await using (var list = new NpgsqlCommand("SELECT user_id FROM users ORDER BY user_id", connection))
            await using (var reader = await list.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    users.Add(reader.GetString(0));
                }
            }

            long log = 0, tombstones = 0;
            foreach (var user in users)
            {
                while (true)
                {
                    var (l, t) = await PruneChunkAsync(connection, user, logBefore, tombstonesBefore, ct);
                    (log, tombstones) = (log + l, tombstones + t);
                    if (l < Chunk && t < Chunk)
                    {
                        break;
                    }
                }
            }

            return new PruneResult(users.Count, log, tombstones);
        }
        finally
        {
            await using var unlock = new NpgsqlCommand($"SELECT pg_advisory_unlock({PruneLock})", connection);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    private static async Task<(long LogEntries, long Tombstones)> PruneChunkAsync(
        NpgsqlConnection connection, string userId, long logBefore, long tombstonesBefore, CancellationToken ct)
    {
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                BatchCommand.Of("SELECT 1 FROM users WHERE user_id = $1 FOR UPDATE", userId),
                BatchCommand.Of(
                    "DELETE FROM log WHERE user_id = $1 AND ts = ANY(ARRAY(SELECT ts FROM log WHERE user_id = $1 AND ts < $2 ORDER BY ts LIMIT $3))",
                    userId, logBefore, Chunk),
                BatchCommand.Of(
                    """
                    WITH pruned AS (
                        DELETE FROM resources WHERE user_id = $1 AND deleted AND ts = ANY(ARRAY(
                            SELECT ts FROM resources WHERE user_id = $1 AND deleted AND ts < $2 ORDER BY ts LIMIT $3))
                        RETURNING ts),
                    moved AS (
                        UPDATE users SET horizon = GREATEST(horizon, (SELECT max(ts) FROM pruned))
                        WHERE user_id = $1 AND EXISTS (SELECT 1 FROM pruned))
                    SELECT count(*) FROM pruned
                    """,
                    userId, tombstonesBefore, Chunk),
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(ct);
        await reader.NextResultAsync(ct);
        var log = (long)batch.BatchCommands[1].RecordsAffected;
        await reader.ReadAsync(ct);
        var tombstones = reader.GetInt64(0);
        await reader.CloseAsync();
        await transaction.CommitAsync(CancellationToken.None);
        return (log, tombstones);
    }
}
