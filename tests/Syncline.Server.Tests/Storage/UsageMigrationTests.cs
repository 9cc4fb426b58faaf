using System.Data.Common;
using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;
using Syncline.Server.Storage;
using Syncline.Server.Storage.Postgres;
using Syncline.Server.Storage.Sqlite;
using Syncline.Testing.Postgres;

namespace Syncline.Server.Tests.Storage;

/// <summary>
/// A store written before quotas existed, brought up to date: the migration counts each user's
/// existing usage the way pushes count it afterwards, and keeps the uncompressed replies replayable.
/// </summary>
public abstract class UsageMigrationTests
{
    private const string Note = """{"body":"héllo wörld, a note","ranges":["1:1-1:1"]}""";
    private const string Bookmark = """{"type":"ayah","key":1,"verseNumber":1,"mushaf":1}""";
    private const string OldReply = """{"success":true,"data":{"lastMutationAt":5,"mutations":[]}}""";

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The last migration before the one under test; the scripts up to it make the old schema.</summary>
    protected abstract int VersionBefore { get; }

    protected abstract string ScriptPrefix { get; }

    protected abstract Task<DbConnection> OpenAsync();

    private protected abstract ISyncStore NewStore();

    [Fact]
    public async Task Migration_counts_live_records_and_their_bytes_and_keeps_old_replies_replayable()
    {
        await using (var connection = await OpenAsync())
        {
            await ExecuteAsync(connection, "CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL)");
            foreach (var (version, name, sql) in MigrationScripts.Load(ScriptPrefix).Where(s => s.Version <= VersionBefore))
            {
                await ExecuteAsync(connection, sql);
                await ExecuteAsync(connection, $"INSERT INTO schema_migrations (version, name) VALUES ({version}, '{name}')");
            }

            await ExecuteAsync(connection, $"""
                INSERT INTO users (user_id, head) VALUES ('old-user', 5);
                INSERT INTO resources (user_id, resource, id, data, deleted, ts, is_reading) VALUES
                    ('old-user', 'NOTE', 'note00000000000000000001', '{Note}', FALSE, 1, FALSE),
                    ('old-user', 'NOTE', 'note00000000000000000002', '{Note}', TRUE, 2, FALSE),
                    ('old-user', 'BOOKMARK', 'bookmark0000000000000001', '{Bookmark}', FALSE, 3, FALSE),
                    ('old-user', 'COLLECTION', '__default__', '{"{"}"name":"Favorites"{"}"}', FALSE, 4, FALSE);
                INSERT INTO idempotency (user_id, key, body_hash, head, response, created_at) VALUES ('old-user', 'old-key', 'hash', 5, '{OldReply}', 1);
                """);
        }

        var store = NewStore();
        try
        {
            await store.MigrateAsync(Ct);
            var probe = await store.WriteAsync("old-user", async (session, token) =>
            {
                var note = (await session.FindAsync("NOTE", "note00000000000000000001", token))!;
                var deleted = await session.SaveAsync(note with { Deleted = true }, token);
                return new Probe(session.Usage, session.Usage.Add(deleted), await session.FindReplyAsync("old-key", 0, token));
            }, Ct);

            Assert.Equal(new Usage(2, Encoding.UTF8.GetByteCount(Note) + Encoding.UTF8.GetByteCount(Bookmark)), probe.Migrated);
            Assert.Equal(new Usage(1, Encoding.UTF8.GetByteCount(Bookmark)), probe.AfterDelete);
            Assert.Equal(OldReply, probe.Reply?.Response);
        }
        finally
        {
            (store as IDisposable)?.Dispose();
        }
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(Ct);
    }

    /// <summary>What the session saw; never committed.</summary>
    private sealed record Probe(Usage Migrated, Usage AfterDelete, StoredReply? Reply) : IWriteOutcome
    {
        public bool Commit => false;
    }
}

public sealed class SqliteUsageMigrationTests : UsageMigrationTests, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("syncline-migration-").FullName;

    private string DatabasePath => Path.Combine(_directory, "store.db");

    protected override int VersionBefore => 3;

    protected override string ScriptPrefix => "Syncline.Server.Storage.Sqlite.Migrations.";

    protected override async Task<DbConnection> OpenAsync()
    {
        var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync(Ct);
        return connection;
    }

    private protected override ISyncStore NewStore() => new SqliteSyncStore(DatabasePath);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}

public sealed class PostgresUsageMigrationTests : UsageMigrationTests, IAsyncLifetime
{
    private string? _connectionString;
    private NpgsqlDataSource? _dataSource;

    public PostgresUsageMigrationTests() => TestPostgres.RequireOrSkip();

    protected override int VersionBefore => 2;

    protected override string ScriptPrefix => "Syncline.Server.Storage.Postgres.Migrations.";

    public async ValueTask InitializeAsync() => _connectionString = await TestPostgres.CreateDatabaseAsync(Ct);

    protected override async Task<DbConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(Ct);
        return connection;
    }

    private protected override ISyncStore NewStore() => new PostgresSyncStore(_dataSource = NpgsqlDataSource.Create(_connectionString!));

    public async ValueTask DisposeAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }

        if (_connectionString is not null)
        {
            await TestPostgres.DropDatabaseAsync(_connectionString);
        }
    }
}
