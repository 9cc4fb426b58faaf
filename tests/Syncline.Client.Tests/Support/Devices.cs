using Syncline.Server.Tests.Support;
using Syncline.Testing.Servers;

namespace Syncline.Client.Tests.Support;

/// <summary>Devices of one user: each a <see cref="SyncClient"/> on its own database file, talking to the real server through its own <see cref="NetworkSwitch"/>.</summary>
public sealed class Devices(SyncServer server, string? userId = null, Devices? sameFilesAs = null) : IAsyncDisposable
{
    private readonly string _directory = sameFilesAs?._directory ?? Path.Combine(Path.GetTempPath(), "syncline-client-tests", Guid.NewGuid().ToString("N"));
    private readonly List<SyncClient> _clients = [];

    public string UserId { get; } = userId ?? $"user-{Guid.NewGuid():N}";

    /// <summary>The API as this user, straight to the server, to check what it holds.</summary>
    public SyncApi ServerApi() => server.Api(UserId);

    /// <summary>The server's log of this user, read from its store (a pull gives the current state, not the log).</summary>
    public Task<List<System.Text.Json.Nodes.JsonObject>> ServerLogAsync() => server.LogAsync(UserId);

    public string DatabasePath(string device) => Path.Combine(_directory, $"{device}.db");

    /// <summary>Opens the device's client (on its file, which may already exist).</summary>
    public async Task<SyncClient> OpenAsync(string device, DelegatingHandler? network = null, Action<SyncClientOptions>? configure = null)
    {
        var options = new SyncClientOptions
        {
            ServerUrl = server.BaseAddress,
            DatabasePath = DatabasePath(device),
            TokenProvider = _ => ValueTask.FromResult(server.Token(UserId)),
            HttpClient = new HttpClient(network ?? new NetworkSwitch()),
            // Tests wait on real time only where they mean to.
            BackoffBase = TimeSpan.FromMilliseconds(1),
            BackoffCap = TimeSpan.FromMilliseconds(5),
        };
        configure?.Invoke(options);
        var client = await SyncClient.OpenAsync(options, cancellationToken: TestContext.Current.CancellationToken);
        _clients.Add(client);
        return client;
    }

    /// <summary>Closes every client, as when the app stops; the database files stay for a reopen.</summary>
    public async Task CloseAllAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        _clients.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAllAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
