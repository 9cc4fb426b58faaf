using Microsoft.Data.Sqlite;

namespace Syncline.Server.Storage.Sqlite;

/// <summary>
/// The statements of pruning on SQLite: one user's oldest log entries and tombstones, a chunk at a time,
/// each chunk in the caller's write transaction so pushes wait for no more than one chunk.
/// </summary>
internal static class SqlitePruning
{
    /// <summary>The most rows one chunk deletes of each kind.</summary>
    public const int Chunk = 5000;

    public static async Task<List<string>> UsersAsync(SqliteConnection connection, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT user_id FROM users ORDER BY user_id";
        await using var reader = await command.ExecuteReaderAsync(ct);
        var users = new List<string>();
        while (await reader.ReadAsync(ct))
        {
            users.Add(reader.GetString(0));
        }

        return users;
    }

    /// <summary>Deletes up to <see cref="Chunk"/> log entries and tombstones of one user; the horizon moves with the tombstones.</summary>
    public static async Task<(long LogEntries, long Tombstones)> PruneChunkAsync(
        SqliteConnection connection, SqliteTransaction transaction, string userId, long logBefore, long tombstonesBefore, CancellationToken ct)
    {
        var log = await ExecuteAsync(
            connection, transaction,
            "DELETE FROM log WHERE user_id = $u AND ts IN (SELECT ts FROM log WHERE user_id = $u AND ts < $before ORDER BY ts LIMIT $n)",
            userId, logBefore, ct);

        long tombstones, horizon;
        await using (var newest = connection.CreateCommand())
        {
            newest.Transaction = transaction;
            newest.CommandText = """
                SELECT COUNT(*), COALESCE(MAX(ts), 0) FROM (
                    SELECT ts FROM resources WHERE user_id = $u AND deleted = 1 AND ts < $before ORDER BY ts LIMIT $n)
                """;
            Bind(newest, userId, tombstonesBefore);
            await using var reader = await newest.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            (tombstones, horizon) = (reader.GetInt64(0), reader.GetInt64(1));
        }

        if (tombstones > 0)
        {
            // Timestamps are unique per user: this deletes exactly the chunk counted above.
            await ExecuteAsync(connection, transaction, "DELETE FROM resources WHERE user_id = $u AND deleted = 1 AND ts <= $before", userId, horizon, ct);
            await ExecuteAsync(connection, transaction, "UPDATE users SET horizon = MAX(horizon, $before) WHERE user_id = $u", userId, horizon, ct);
        }

        return (log, tombstones);
    }

    private static async Task<long> ExecuteAsync(
        SqliteConnection connection, SqliteTransaction transaction, string sql, string userId, long before, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        Bind(command, userId, before);
        return await command.ExecuteNonQueryAsync(ct);
    }

    private static void Bind(SqliteCommand command, string userId, long before)
    {
        command.Parameters.AddWithValue("$u", userId);
        command.Parameters.AddWithValue("$before", before);
        if (command.CommandText.Contains("$n", StringComparison.Ordinal))
        {
            command.Parameters.AddWithValue("$n", Chunk);
        }
    }
}
