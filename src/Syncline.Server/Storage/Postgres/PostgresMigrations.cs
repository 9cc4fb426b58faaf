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
            await MigrationScripts.ApplyAsync(connection, "Syncline.Server.Storage.Postgres.Migrations.", ct);
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
