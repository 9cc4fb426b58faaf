using Npgsql;

namespace Syncline.Simulation.Tests.Corpus;

/// <summary>
/// The PostgreSQL server of the tests, as tests/Syncline.Server.Tests/Support/TestPostgres.cs finds it:
/// <c>SYNCLINE_TEST_POSTGRES</c>, a new database per server. Without it the PostgreSQL run is
/// skipped, except on CI, where it fails.
/// </summary>
internal static class CorpusPostgres
{
    public const string Variable = "SYNCLINE_TEST_POSTGRES";

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    public static void RequireOrSkip()
    {
        if (ConnectionString is not null)
        {
            return;
        }

        const string HowTo = $"The PostgreSQL bad-input corpus needs {Variable}; .ci/run starts a server and sets it (`source .ci/postgres.sh` as root does it locally).";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"On CI the PostgreSQL tests must run. {HowTo}");
        }

        Assert.Skip(HowTo);
    }

    public static async Task<string> CreateDatabaseAsync(CancellationToken ct)
    {
        var name = $"syncline_corpus_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync(ct);
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync(ct);
        }

        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ConnectionString;
    }

    public static async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
