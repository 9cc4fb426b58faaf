using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;
using Syncline.Server.Tests.Support;
using Syncline.Testing.Postgres;

namespace Syncline.Simulation.Tests.Corpus;

/// <summary>
/// A real server on one store, seeded for the corpus, with two views of its store: a fingerprint
/// cheap enough to take after every case, and a logical dump of every table.
/// </summary>
public abstract class CorpusStore : IAsyncLifetime
{
    private SyncServer? _server;
    private CorpusContext? _context;

    public SyncServer Server => _server ?? throw new InvalidOperationException("The server has not started");

    public CorpusContext Context => _context ?? throw new InvalidOperationException("The store has not been seeded");

    /// <summary>Whether this store can run here; when not, nothing starts and the tests skip themselves.</summary>
    protected virtual bool IsAvailable => true;

    /// <summary>What changes whenever the stored bytes change.</summary>
    public abstract Task<string> FingerprintAsync(CancellationToken ct);

    /// <summary>Every row of every table, as text, in a stable order.</summary>
    public abstract Task<string> DumpAsync(CancellationToken ct);

    protected abstract Task<IReadOnlyDictionary<string, string?>> StoreSettingsAsync(CancellationToken ct);

    protected virtual Task DropStoreAsync() => Task.CompletedTask;

    public async ValueTask InitializeAsync()
    {
        if (!IsAvailable)
        {
            return;
        }

        _server = await SyncServer.StartAsync(await StoreSettingsAsync(CancellationToken.None));
        _context = await CorpusSeed.SeedAsync(_server, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
            await DropStoreAsync();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Rows as tab-separated text, sorted, so the dump does not depend on the order a store returns them in.</summary>
    protected static async Task<string> DumpTableAsync(System.Data.Common.DbDataReader reader, string table, CancellationToken ct)
    {
        var columns = Enumerable.Range(0, reader.FieldCount).Select(i => $"{reader.GetName(i)}:{reader.GetDataTypeName(i)}");
        var rows = new List<string>();
        while (await reader.ReadAsync(ct))
        {
            rows.Add(string.Join('\t', Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "NULL" : reader.GetValue(i) switch
            {
                byte[] bytes => Convert.ToHexString(bytes),
                IFormattable value => value.ToString(null, CultureInfo.InvariantCulture),
                var value => value.ToString(),
            })));
        }

        rows.Sort(StringComparer.Ordinal);
        return $"== {table} ({string.Join(", ", columns)}): {rows.Count} rows\n{string.Join('\n', rows)}\n";
    }
}

/// <summary>SQLite: the database file and its WAL, hashed; the dump read through a read-only connection.</summary>
public sealed class SqliteCorpusStore : CorpusStore
{
    private string DatabasePath => Path.Combine(Server.DataDirectory, "syncline.db");

    public override async Task<string> FingerprintAsync(CancellationToken ct) =>
        $"db {await HashAsync(DatabasePath, ct)}, wal {await HashAsync(DatabasePath + "-wal", ct)}";

    public override async Task<string> DumpAsync(CancellationToken ct)
    {
        // Read-only, so closing it can never checkpoint the WAL into the file it is compared with.
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync(ct);
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
            await using var reader = await list.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                tables.Add(reader.GetString(0));
            }
        }

        var dump = new StringBuilder();
        foreach (var table in tables)
        {
            await using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await select.ExecuteReaderAsync(ct);
            dump.Append(await DumpTableAsync(reader, table, ct));
        }

        return dump.ToString();
    }

    protected override Task<IReadOnlyDictionary<string, string?>> StoreSettingsAsync(CancellationToken ct) =>
        Task.FromResult<IReadOnlyDictionary<string, string?>>(new Dictionary<string, string?> { ["Syncline:Store"] = "Sqlite" });

    private static async Task<string> HashAsync(string path, CancellationToken ct) =>
        File.Exists(path) ? Convert.ToHexString(SHA256.HashData(await File.ReadAllBytesAsync(path, ct))) : "absent";
}

/// <summary>PostgreSQL: a database of its own; the fingerprint is the dump of every table.</summary>
public sealed class PostgresCorpusStore : CorpusStore
{
    private string? _connectionString;

    protected override bool IsAvailable => TestPostgres.ConnectionString is not null;

    public override Task<string> FingerprintAsync(CancellationToken ct) => DumpAsync(ct);

    public override async Task<string> DumpAsync(CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(ct);
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name", connection))
        await using (var reader = await list.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                tables.Add(reader.GetString(0));
            }
        }

        var dump = new StringBuilder();
        foreach (var table in tables)
        {
            await using var select = new NpgsqlCommand($"SELECT * FROM \"{table}\"", connection);
            await using var reader = await select.ExecuteReaderAsync(ct);
            dump.Append(await DumpTableAsync(reader, table, ct));
        }

        return dump.ToString();
    }

    protected override async Task<IReadOnlyDictionary<string, string?>> StoreSettingsAsync(CancellationToken ct)
    {
        _connectionString = await TestPostgres.CreateDatabaseAsync("syncline_corpus", ct);
        return new Dictionary<string, string?> { ["Syncline:Store"] = "Postgres", ["ConnectionStrings:Syncline"] = _connectionString };
    }

    protected override Task DropStoreAsync() => TestPostgres.DropDatabaseAsync(_connectionString!);
}
