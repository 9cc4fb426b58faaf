using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Syncline.Server.Auth;
using Syncline.Server.Hosting;
using Syncline.Testing.Servers;

namespace Syncline.Server.Tests.Support;

/// <summary>
/// The real server on Kestrel at 127.0.0.1 on a free port, with its own data directory.
/// The store comes from the settings given to <c>StartAsync</c>, so the same tests run on every store.
/// </summary>
public sealed class SyncServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly LocalTokenIssuer _tokens;
    private readonly SynclineServerOptions _options;
    private readonly Microsoft.IdentityModel.Tokens.SymmetricSecurityKey _key;

    private SyncServer(WebApplication app, string dataDirectory, Uri baseAddress)
    {
        _app = app;
        DataDirectory = dataDirectory;
        BaseAddress = baseAddress;
        _options = ServerConfiguration.ReadOptions(app.Configuration);
        _key = LocalSigningKey.LoadOrCreate(dataDirectory);
        _tokens = new LocalTokenIssuer(_key, _options.Auth.LocalIssuer, _options.Auth.Audience, TimeProvider.System);
    }

    public const string AllScopes = "sync bookmark collection note reading_session";

    public Uri BaseAddress { get; }

    public string DataDirectory { get; }

    public IConfiguration Configuration => _app.Configuration;

    /// <summary>The server's services, for tests that reach its store (pruning without waiting for the schedule).</summary>
    public IServiceProvider Services => _app.Services;

    public static Task<SyncServer> StartAsync(
        IReadOnlyDictionary<string, string?>? storeSettings = null,
        IReadOnlyDictionary<string, string?>? settings = null,
        CancellationToken cancellationToken = default) =>
        StartAsync(storeSettings, settings, time: null, cancellationToken);

    /// <summary>Starts a server whose clock (push timestamps, pruning schedule) is <paramref name="time"/>; tokens stay on the real clock.</summary>
    public static async Task<SyncServer> StartAsync(
        IReadOnlyDictionary<string, string?>? storeSettings,
        IReadOnlyDictionary<string, string?>? settings,
        TimeProvider? time,
        CancellationToken cancellationToken)
    {
        // A test may give the data directory, to start a second server on the storage of a first.
        var dataDirectory = settings?.GetValueOrDefault("Syncline:DataDirectory")
            ?? Path.Combine(Path.GetTempPath(), "syncline-tests", Guid.NewGuid().ToString("N"));
        var all = new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Syncline:DataDirectory"] = dataDirectory,
            // Most tests send bursts; the rate limits have tests of their own.
            ["Syncline:RateLimit:PermitsPerSecond"] = "0",
            ["Syncline:RateLimit:Unauthenticated:PermitsPerSecond"] = "0",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        };
        foreach (var (key, value) in storeSettings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var app = await SynclineApp.BuildAsync([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(all);
            if (time is not null)
            {
                builder.Services.AddSingleton(time);
            }
        }, cancellationToken);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new SyncServer(app, dataDirectory, new Uri(address));
    }

    private async Task ExecuteSqliteAsync(string sql)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(DataDirectory, "syncline.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// A user's whole mutation log, oldest first, as wire entries, read from the store itself: pulls serve the
    /// current state (one entry per resource), so tests that check which mutations a server applied read here.
    /// </summary>
    public async Task<List<JsonObject>> LogAsync(string userId)
    {
        const string Sql = "SELECT ts, type, resource, resource_id, data FROM log WHERE user_id = @u ORDER BY ts";
        System.Data.Common.DbConnection connection = Configuration["Syncline:Store"] == "Postgres"
            ? new Npgsql.NpgsqlConnection(Configuration["ConnectionStrings:Syncline"])
            : new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(DataDirectory, "syncline.db")};Mode=ReadOnly;Pooling=False");
        await using (connection)
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = Sql;
            var user = command.CreateParameter();
            user.ParameterName = "u";
            user.Value = userId;
            command.Parameters.Add(user);
            await using var reader = await command.ExecuteReaderAsync();
            var entries = new List<JsonObject>();
            while (await reader.ReadAsync())
            {
                var entry = new JsonObject { ["type"] = reader.GetString(1), ["resource"] = reader.GetString(2) };
                if (!reader.IsDBNull(3))
                {
                    entry["resourceId"] = reader.GetString(3);
                }

                entry["data"] = JsonNode.Parse(reader.GetString(4));
                entry["timestamp"] = reader.GetInt64(0);
                entries.Add(entry);
            }

            return entries;
        }
    }

    public string Token(string userId, string scopes = AllScopes) => _tokens.Mint(userId, scopes, TimeSpan.FromHours(1));

    /// <summary>A token issued <paramref name="issuedAgo"/> ago, valid for <paramref name="lifetime"/> from then.</summary>
    public string Token(string userId, TimeSpan issuedAgo, TimeSpan lifetime) =>
        new LocalTokenIssuer(_key, _options.Auth.LocalIssuer, _options.Auth.Audience, new ShiftedTime(-issuedAgo))
            .Mint(userId, AllScopes, lifetime);

    /// <summary>An API client for a user, with a bearer token for <paramref name="scopes"/>.</summary>
    public SyncApi Api(string userId, string scopes = AllScopes) => new(BaseAddress, Token(userId, scopes));

    /// <summary>An HTTP client with no credentials.</summary>
    public HttpClient Http() => new() { BaseAddress = BaseAddress };

    /// <summary>
    /// SQLite store only: until the returned handle is disposed, every push fails inside the store
    /// (a trigger refuses log inserts), so the server answers 500 while pulls still work.
    /// </summary>
    public async Task<IAsyncDisposable> BreakPushesAsync()
    {
        await ExecuteSqliteAsync("CREATE TRIGGER test_break_pushes BEFORE INSERT ON log BEGIN SELECT RAISE(ABORT, 'pushes broken by the test'); END;");
        return new Restore(() => ExecuteSqliteAsync("DROP TRIGGER test_break_pushes;"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by the pool; the temp folder is cleaned later.
        }
    }
}

internal sealed class Restore(Func<Task> undo) : IAsyncDisposable
{
    public async ValueTask DisposeAsync() => await undo();
}

/// <summary>The system clock moved by an offset, to mint tokens in the past.</summary>
internal sealed class ShiftedTime(TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
}
