using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Syncline.Server.Auth;
using Syncline.Server.Hosting;

namespace Syncline.Server.Tests.Support;

/// <summary>
/// The real server on Kestrel at 127.0.0.1 on a free port, with its own data directory.
/// The store comes from the settings given to <see cref="StartAsync"/>, so the same tests run on every store.
/// </summary>
public sealed class SyncServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly LocalTokenIssuer _tokens;

    private SyncServer(WebApplication app, string dataDirectory, Uri baseAddress)
    {
        _app = app;
        DataDirectory = dataDirectory;
        BaseAddress = baseAddress;
        var options = SynclineApp.ReadOptions(app.Configuration);
        _tokens = new LocalTokenIssuer(
            LocalSigningKey.LoadOrCreate(dataDirectory), options.Auth.LocalIssuer, options.Auth.Audience, TimeProvider.System);
    }

    public const string AllScopes = "sync bookmark collection note";

    public Uri BaseAddress { get; }

    public string DataDirectory { get; }

    public static async Task<SyncServer> StartAsync(
        IReadOnlyDictionary<string, string?>? storeSettings = null,
        IReadOnlyDictionary<string, string?>? settings = null,
        CancellationToken cancellationToken = default)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "syncline-tests", Guid.NewGuid().ToString("N"));
        var all = new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Syncline:DataDirectory"] = dataDirectory,
            // Most tests send bursts; the rate limit has tests of its own.
            ["Syncline:RateLimit:PermitsPerSecond"] = "0",
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

        var app = await SynclineApp.BuildAsync([], builder => builder.Configuration.AddInMemoryCollection(all), cancellationToken);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new SyncServer(app, dataDirectory, new Uri(address));
    }

    public string Token(string userId, string scopes = AllScopes, TimeSpan? lifetime = null) =>
        _tokens.Mint(userId, scopes, lifetime ?? TimeSpan.FromHours(1));

    /// <summary>An API client for a user, with a bearer token for <paramref name="scopes"/>.</summary>
    public SyncApi Api(string userId, string scopes = AllScopes) => new(this, Token(userId, scopes));

    /// <summary>An HTTP client with no credentials.</summary>
    public HttpClient Http() => new() { BaseAddress = BaseAddress };

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
