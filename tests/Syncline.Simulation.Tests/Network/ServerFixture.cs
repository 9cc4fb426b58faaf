using Syncline.Server.Tests.Support;

namespace Syncline.Simulation.Tests.Network;

/// <summary>One real server (SQLite store) on 127.0.0.1 for a test class; every test uses its own user.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    private SyncServer? _server;

    public SyncServer Server => _server!;

    public async ValueTask InitializeAsync() =>
        _server = await SyncServer.StartAsync(new Dictionary<string, string?> { ["Syncline:Store"] = "Sqlite" });

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
