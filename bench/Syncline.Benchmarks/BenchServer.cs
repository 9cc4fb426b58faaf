using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Syncline.Server;
using Syncline.Server.Auth;
using Syncline.Server.Hosting;

namespace Syncline.Benchmarks;

/// <summary>
/// The real server, in this process, on Kestrel at 127.0.0.1 on a free port, with its own
/// temporary data directory (deleted on dispose), rate limiting off and logging at Warning.
/// </summary>
internal sealed class BenchServer : IAsyncDisposable
{
    public const string AllScopes = "sync bookmark collection note";

    private readonly WebApplication _app;
    private readonly LocalTokenIssuer _tokens;

    // Users are new in every run, also on a PostgreSQL database kept between runs.
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];

    private BenchServer(WebApplication app, string dataDirectory, Uri baseAddress)
    {
        _app = app;
        DataDirectory = dataDirectory;
        BaseAddress = baseAddress;
        var options = ServerConfiguration.ReadOptions(app.Configuration);
        _tokens = new LocalTokenIssuer(
            LocalSigningKey.LoadOrCreate(dataDirectory), options.Auth.LocalIssuer, options.Auth.Audience, TimeProvider.System);
    }

    public Uri BaseAddress { get; }

    public string DataDirectory { get; }

    /// <summary>The server's services, for workloads that reach its store (pruning now instead of on its schedule).</summary>
    public IServiceProvider Services => _app.Services;

    public static async Task<BenchServer> StartAsync(IReadOnlyDictionary<string, string?> storeSettings, CancellationToken cancellationToken)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "syncline-bench", Guid.NewGuid().ToString("N"));
        var settings = new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Syncline:DataDirectory"] = dataDirectory,
            ["Syncline:RateLimit:PermitsPerSecond"] = "0",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        };
        foreach (var (key, value) in storeSettings)
        {
            settings[key] = value;
        }

        WebApplication? app = null;
        try
        {
            app = await SynclineApp.BuildAsync([], builder => builder.Configuration.AddInMemoryCollection(settings), cancellationToken);
            await app.StartAsync(cancellationToken);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new BenchServer(app, dataDirectory, new Uri(address));
        }
        catch
        {
            if (app is not null)
            {
                await app.DisposeAsync();
            }

            DeleteDirectory(dataDirectory);
            throw;
        }
    }

    /// <summary>A client for one user, with a bearer token for every scope.</summary>
    public UserClient Client(string userId) =>
        new(BaseAddress, _tokens.Mint($"{_run}-{userId}", AllScopes, TimeSpan.FromHours(1)));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        SqliteConnection.ClearAllPools();
        DeleteDirectory(DataDirectory);
    }

    private static void DeleteDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (IOException)
        {
            // A file still held open by the connection pool; the temp folder is cleaned later.
        }
    }
}
