using Npgsql;

namespace Syncline.Server.Tests.Support;

/// <summary>
/// The PostgreSQL server the tests use, found through one environment variable. Without it the
/// PostgreSQL tests are skipped with a message saying how to run them, except on CI, where they fail.
/// </summary>
public static class TestPostgres
{
    public const string Variable = "SYNCLINE_TEST_POSTGRES";

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    /// <summary>Skips the calling test when no server is configured (fails instead on CI).</summary>
    public static void RequireOrSkip()
    {
        if (ConnectionString is not null)
        {
            return;
        }

        const string HowTo = $"PostgreSQL tests need {Variable} (e.g. \"Host=127.0.0.1;Port=5432;Username=postgres;Database=postgres\"); .ci/run starts a server and sets it.";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"On CI the PostgreSQL tests must run. {HowTo}");
        }

        Assert.Skip(HowTo);
    }

    /// <summary>Creates an empty database for one server (or one group of servers) and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(CancellationToken ct)
    {
        var name = $"syncline_test_{Guid.NewGuid():N}";
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
