using Npgsql;

namespace Syncline.Server.Storage.Postgres;

/// <summary>
/// Applies the embedded <c>Migrations/NNN_name.sql</c> scripts not yet recorded, in order, each in
/// its own transaction. A session advisory lock makes instances that start at once take turns.
/// </summary>
internal static class PostgresMigrations
{
    // Any fixed number: the lock's name among this database's advisory locks.
    private const long MigrationLock = 0x53796e636c696e65; // "Syncline"

    public static async Task ApplyAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await ExecuteAsync(connection, $"SELECT pg_advisory_lock({MigrationLock})", ct);
        try
        {
            await ExecuteAsync(connection, "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL)", ct);
            foreach (var (version, name, sql) in MigrationScripts.Load("Syncline.Server.Storage.Postgres.Migrations."))
            {
                await using var transaction = await connection.BeginTransactionAsync(ct);
                await using var check = new NpgsqlCommand("SELECT count(*) FROM schema_migrations WHERE version = $1", connection, transaction)
                {
                    Parameters = { new() { Value = version } },
                };
                if ((long)(await check.ExecuteScalarAsync(ct))! > 0)
                {
                    continue;
                }

                await using var apply = new NpgsqlCommand(sql, connection, transaction);
                await apply.ExecuteNonQueryAsync(ct);
                await using var record = new NpgsqlCommand("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", connection, transaction)
                {
                    Parameters = { new() { Value = version }, new() { Value = name } },
                };
                await record.ExecuteNonQueryAsync(ct);
                await transaction.CommitAsync(ct);
            }
        }
        finally
        {
            await ExecuteAsync(connection, $"SELECT pg_advisory_unlock({MigrationLock})", CancellationToken.None);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}
