using Npgsql;
using Xunit;

namespace Syncline.Testing.Postgres;

/// <summary>
/// The PostgreSQL server the tests use, found through one environment variable. Without it the
/// PostgreSQL tests are skipped with a message saying how to run them, except on CI, where they fail.
/// </summary>
public static class TestPostgres
{
    public const string Variable = "SYNCLINE_TEST_POSTGRES";

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    /// <summary>What the skip message says by default: what to set, and that .ci/run sets it.</summary>
    public const string HowTo = $"PostgreSQL tests need {Variable} (e.g. \"Host=127.0.0.1;Port=5432;Username=postgres;Database=postgres\"); .ci/run starts a server and sets it.";

    /// <summary>
    /// Skips the calling test when no server is configured (fails instead on CI), saying
    /// <paramref name="howTo"/> (<see cref="HowTo"/> unless a suite names itself).
    /// </summary>
    public static void RequireOrSkip(string howTo = HowTo)
    {
        if (ConnectionString is not null)
        {
            return;
        }

        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"On CI the PostgreSQL tests must run. {howTo}");
        }

        Assert.Skip(howTo);
    }

    /// <summary>Creates an empty database for one server (or one group of servers) and returns its connection string.</summary>
    public static Task<string> CreateDatabaseAsync(CancellationToken ct) => CreateDatabaseAsync("syncline_test", ct);

    /// <summary>
    /// Creates an empty database named <paramref name="namePrefix"/>_GUID, so a suite's databases are told
    /// apart on the server (the bad-input corpus uses <c>syncline_corpus</c>), and returns its connection string.
    /// </summary>
    public static async Task<string> CreateDatabaseAsync(string namePrefix, CancellationToken ct)
    {
        var name = $"{namePrefix}_{Guid.NewGuid():N}";
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
