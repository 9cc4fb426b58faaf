using Npgsql;
using Syncline.Server.Tests.Support;

namespace Syncline.Simulation.Tests.RacingPull;

/// <summary>The stores a racing pull runs on.</summary>
public enum RaceStore
{
    Sqlite,
    Postgres,
}

/// <summary>
/// A real server on one store, with storage of its own. PostgreSQL comes from
/// <c>SYNCLINE_TEST_POSTGRES</c> (a new database per server, dropped after); without it the test is
/// skipped, except on CI, where it fails.
/// </summary>
internal sealed class RaceServer : IAsyncDisposable
{
    private const string PostgresVariable = "SYNCLINE_TEST_POSTGRES";
    private readonly string? _database;

    private RaceServer(SyncServer server, string? database)
    {
        Server = server;
        _database = database;
    }

    public SyncServer Server { get; }

    public static async Task<RaceServer> StartAsync(RaceStore store, CancellationToken ct)
    {
        if (store == RaceStore.Sqlite)
        {
            return new RaceServer(await SyncServer.StartAsync(new Dictionary<string, string?> { ["Syncline:Store"] = "Sqlite" }, cancellationToken: ct), null);
        }

        var admin = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrEmpty(admin))
        {
            const string HowTo = $"PostgreSQL tests need {PostgresVariable}; .ci/run starts a server and sets it.";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"On CI the PostgreSQL tests must run. {HowTo}");
            }

            Assert.Skip(HowTo);
        }

        var name = $"syncline_race_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync(ct);
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync(ct);
        }

        var settings = new Dictionary<string, string?>
        {
            ["Syncline:Store"] = "Postgres",
            ["ConnectionStrings:Syncline"] = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString,
        };
        return new RaceServer(await SyncServer.StartAsync(settings, cancellationToken: ct), name);
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        if (_database is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable(PostgresVariable));
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
