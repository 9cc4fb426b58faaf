using Syncline.Server.Auth;
using Syncline.Server.Tests.Support;
using Syncline.Testing.Servers;

namespace Syncline.Simulation.Tests.Support;

/// <summary>
/// The real server as a separate process on 127.0.0.1 (SQLite store, its own data directory) that a
/// test can SIGKILL and start again on the same port and files, as a crash and an operator's restart do.
/// </summary>
public sealed class KillableServer : IAsyncDisposable
{
    private readonly ServerProcess _process;
    private LocalTokenIssuer? _tokens;

    private KillableServer(string dataDirectory, string[] settings)
    {
        DataDirectory = dataDirectory;
        _process = new ServerProcess(
            ServerProcess.FreePort(),
            [$"--Syncline:DataDirectory={dataDirectory}", "--Syncline:RateLimit:PermitsPerSecond=0", "--Logging:LogLevel:Default=Warning", .. settings]);
    }

    public const string AllScopes = SyncServer.AllScopes;

    public string DataDirectory { get; }

    public Uri BaseAddress => _process.BaseAddress;

    /// <summary>How many times the server was killed.</summary>
    public int Kills { get; private set; }

    public bool IsRunning { get; private set; }

    public static async Task<KillableServer> StartAsync(CancellationToken cancellationToken, params string[] settings)
    {
        var server = new KillableServer(Directory.CreateTempSubdirectory("syncline-sim-server-").FullName, settings);
        await server.RestartAsync(cancellationToken);
        return server;
    }

    /// <summary>SIGKILL: no shutdown, no flush, whatever request is in flight.</summary>
    public async Task KillAsync()
    {
        await _process.KillAsync();
        IsRunning = false;
        Kills++;
    }

    /// <summary>Starts the server again on the same port and data directory and waits until it is healthy.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken)
    {
        await _process.StartAsync(cancellationToken);
        IsRunning = true;
    }

    /// <summary>A bearer token the server accepts, signed with the key in its data directory.</summary>
    public string Token(string userId, string scopes = AllScopes)
    {
        _tokens ??= new LocalTokenIssuer(LocalSigningKey.LoadOrCreate(DataDirectory), "syncline-local", "syncline", TimeProvider.System);
        return _tokens.Mint(userId, scopes, TimeSpan.FromHours(2));
    }

    /// <summary>The API as <paramref name="userId"/>, straight to the server.</summary>
    public SyncApi Api(string userId, string scopes = AllScopes) => new(BaseAddress, Token(userId, scopes));

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
