using Microsoft.Data.Sqlite;

namespace Syncline.Server.Storage.Sqlite;

/// <summary>Applies the embedded <c>Migrations/NNN_name.sql</c> scripts not yet recorded, in order, each in its own transaction.</summary>
internal static class SqliteMigrations
{
    public static Task ApplyAsync(SqliteConnection connection, CancellationToken ct) =>
        MigrationScripts.ApplyAsync(connection, "Syncline.Server.Storage.Sqlite.Migrations.", ct);
}
