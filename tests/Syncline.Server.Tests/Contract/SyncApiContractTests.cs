using Syncline.Server.Tests.Support;
using Syncline.Testing.Postgres;
using Syncline.Testing.Servers;

namespace Syncline.Server.Tests.Contract;

/// <summary>
/// The contract of PROTOCOL.md, spoken over real HTTP to a real server. Abstract over the store:
/// each store runs the same tests by subclassing with its fixture (see <see cref="SqliteSyncApiTests"/>).
/// Split by topic into partial files.
/// </summary>
public abstract partial class SyncApiContractTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : ServerFixture
{
    protected SyncServer Server => fixture.Server;

    protected TFixture Fixture => fixture;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A new user for one test, so tests never share state.</summary>
    protected SyncApi NewUser(string scopes = SyncServer.AllScopes) => Server.Api(NewUserId(), scopes);

    protected static string NewUserId() => $"user-{Guid.NewGuid():N}";
}

public sealed class SqliteSyncApiTests(SqliteServerFixture fixture) : SyncApiContractTests<SqliteServerFixture>(fixture);

public sealed class PostgresSyncApiTests : SyncApiContractTests<PostgresServerFixture>
{
    public PostgresSyncApiTests(PostgresServerFixture fixture)
        : base(fixture) => TestPostgres.RequireOrSkip();

    protected override async Task BreakStoreAsync(SyncServer server)
    {
        await using var connection = new Npgsql.NpgsqlConnection(server.Configuration["ConnectionStrings:Syncline"]);
        await connection.OpenAsync(Ct);
        await using var command = new Npgsql.NpgsqlCommand("DROP TABLE log", connection);
        await command.ExecuteNonQueryAsync(Ct);
    }

    protected override async Task<long> StoredReplyBytesAsync(SyncServer server, string userId)
    {
        await using var connection = new Npgsql.NpgsqlConnection(server.Configuration["ConnectionStrings:Syncline"]);
        await connection.OpenAsync(Ct);
        await using var command = new Npgsql.NpgsqlCommand("SELECT octet_length(response) FROM idempotency WHERE user_id = $1", connection);
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = userId });
        return (int)(await command.ExecuteScalarAsync(Ct))!;
    }
}
