using Microsoft.Data.Sqlite;
using Syncline.Server.Storage;
using Syncline.Server.Storage.Sqlite;
using Syncline.Server.Tests.Support;

namespace Syncline.Server.Tests.Storage;

/// <summary>Migration 003 on a database written before it: each resource's creation time comes from its log, so pulls type it right.</summary>
public sealed class SqlitePullStateMigrationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("syncline-migration-").FullName;

    private string DatabasePath => Path.Combine(_directory, "store.db");

    [Fact]
    public async Task Migration_003_backfills_creation_times_from_the_log_so_old_rows_pull_with_the_right_type()
    {
        var ct = TestContext.Current.CancellationToken;
        await WriteVersion2DatabaseAsync(ct);
        using var store = new SqliteSyncStore(DatabasePath);

        await store.MigrateAsync(ct);

        Assert.Equal(["CREATE NOTE n1", "CREATE COLLECTION_BOOKMARK "], await PullAsync(store, 0, ct));
        Assert.Equal(["UPDATE NOTE n1", "CREATE COLLECTION_BOOKMARK "], await PullAsync(store, 150, ct));
        Assert.Equal(["DELETE NOTE n2"], await PullAsync(store, 620, ct));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private static async Task<List<string>> PullAsync(SqliteSyncStore store, long since, CancellationToken ct) =>
        [.. (await store.ReadPageAsync(new LogQuery("u", since, null, 100, 1), ct)).Entries.Select(e => $"{e.Type} {e.Resource} {e.ResourceId}")];

    /// <summary>Migrations 001 and 002 only, then a user's log and state as a server of that version wrote them.</summary>
    private async Task WriteVersion2DatabaseAsync(CancellationToken ct)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync(ct);
        var sql = "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL);";
        foreach (var (version, name, script) in MigrationScripts.Load("Syncline.Server.Storage.Sqlite.Migrations.").Where(m => m.Version <= 2))
        {
            sql += $"{script};\nINSERT INTO schema_migrations VALUES ({version}, '{name}');\n";
        }

        // A note created at 100 and edited at 200; a link created at 300, removed at 400, created again at 500;
        // a note created at 600 and deleted at 650.
        sql += """
            INSERT INTO users VALUES ('u', 650);
            INSERT INTO log VALUES
                ('u', 100, 'CREATE', 'NOTE', 'n1', '{"body":"first"}'),
                ('u', 200, 'UPDATE', 'NOTE', 'n1', '{"body":"second"}'),
                ('u', 300, 'CREATE', 'COLLECTION_BOOKMARK', NULL, '{"collectionId":"c","bookmarkId":"b"}'),
                ('u', 400, 'DELETE', 'COLLECTION_BOOKMARK', NULL, '{"collectionId":"c","bookmarkId":"b"}'),
                ('u', 500, 'CREATE', 'COLLECTION_BOOKMARK', NULL, '{"collectionId":"c","bookmarkId":"b"}'),
                ('u', 600, 'CREATE', 'NOTE', 'n2', '{"body":"brief"}'),
                ('u', 650, 'DELETE', 'NOTE', 'n2', '{}');
            INSERT INTO resources VALUES
                ('u', 'NOTE', 'n1', '{"body":"second"}', 0, 200, NULL, 0, NULL, NULL),
                ('u', 'COLLECTION_BOOKMARK', 'c-b', '{"collectionId":"c","bookmarkId":"b"}', 0, 500, NULL, 0, 'c', 'b'),
                ('u', 'NOTE', 'n2', '{"body":"brief"}', 1, 650, NULL, 0, NULL, NULL);
            """;
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }
}
