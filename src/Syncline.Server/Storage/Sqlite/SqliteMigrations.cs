using Microsoft.Data.Sqlite;

namespace Syncline.Server.Storage.Sqlite;

/// <summary>Applies the embedded <c>Migrations/NNN_name.sql</c> scripts not yet recorded, in order, each in its own transaction.</summary>
internal static class SqliteMigrations
{
    public static async Task ApplyAsync(SqliteConnection connection, CancellationToken ct)
    {
        await using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL)";
            await create.ExecuteNonQueryAsync(ct);
        }

        foreach (var (version, name, sql) in MigrationScripts.Load("Syncline.Server.Storage.Sqlite.Migrations."))
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
            await using var check = connection.CreateCommand();
            check.CommandText = "SELECT COUNT(*) FROM schema_migrations WHERE version = $v";
            check.Parameters.AddWithValue("$v", version);
            if ((long)(await check.ExecuteScalarAsync(ct))! > 0)
            {
                continue;
            }

            await using var apply = connection.CreateCommand();
            apply.CommandText = sql + ";\nINSERT INTO schema_migrations (version, name) VALUES ($v, $n);";
            apply.Parameters.AddWithValue("$v", version);
            apply.Parameters.AddWithValue("$n", name);
            await apply.ExecuteNonQueryAsync(ct);
            await transaction.CommitAsync(ct);
        }
    }
}
