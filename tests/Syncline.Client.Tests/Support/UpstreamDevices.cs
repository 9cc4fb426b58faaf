using Syncline.Testing.Upstream;

namespace Syncline.Client.Tests.Support;

/// <summary>Devices of one user of an <see cref="UpstreamServer"/>: each a <see cref="SyncClient"/> with <see cref="ServerProfile.Upstream"/> on its own database file.</summary>
public sealed class UpstreamDevices : IAsyncDisposable
{
    private readonly UpstreamServer _server;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "syncline-client-tests", Guid.NewGuid().ToString("N"));
    private readonly List<SyncClient> _clients = [];

    public UpstreamDevices(UpstreamServer server, FirstSync firstSync = FirstSync.DefaultCollection)
    {
        _server = server;
        server.AddUser(Token, UserId, firstSync);
    }

    public string UserId { get; } = $"user-{Guid.NewGuid():N}";

    public string Token { get; } = $"token-{Guid.NewGuid():N}";

    /// <summary>Opens the device's client, its client id named after the device.</summary>
    public async Task<SyncClient> OpenAsync(string device, DelegatingHandler? network = null, Action<SyncClientOptions>? configure = null)
    {
        var options = new SyncClientOptions
        {
            ServerUrl = _server.BaseUrl,
            DatabasePath = Path.Combine(_directory, $"{device}.db"),
            TokenProvider = _ => ValueTask.FromResult(Token),
            Profile = ServerProfile.Upstream,
            ClientId = $"syncline-tests-{device}",
            HttpClient = new HttpClient(network ?? new NetworkSwitch()),
            BackoffBase = TimeSpan.FromMilliseconds(1),
            BackoffCap = TimeSpan.FromMilliseconds(5),
        };
        configure?.Invoke(options);
        var client = await SyncClient.OpenAsync(options, cancellationToken: TestContext.Current.CancellationToken);
        _clients.Add(client);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
