using System.Text.Json.Nodes;
using Syncline.Client;
using Syncline.Simulation.Tests.Support;

namespace Syncline.Simulation.Tests.Simulation;

/// <summary>Syncline's server as a separate process on a SQLite file: killed with SIGKILL, its log read from the file.</summary>
internal sealed class SimulatedSynclineServer(KillableServer server) : ISimulatedServer
{
    public Uri Address => server.BaseAddress;

    public int Kills => server.Kills;

    public bool IsRunning => server.IsRunning;

    public static async Task<ISimulatedServer> StartAsync(CancellationToken ct) => new SimulatedSynclineServer(await KillableServer.StartAsync(ct));

    public Task KillAsync() => server.KillAsync();

    public Task RestartAsync(CancellationToken ct) => server.RestartAsync(ct);

    public void Configure(SyncClientOptions options, Uri proxy, string user, string device)
    {
        options.ServerUrl = proxy;
        options.TokenProvider = _ => ValueTask.FromResult(server.Token(user));
    }

    public string Requests(string user) => string.Empty;

    public async Task<IReadOnlyList<JsonObject>> LogAsync(string user, CancellationToken ct) => await ServerLogFile.ReadAsync(server.DataDirectory, user, ct);

    public ValueTask DisposeAsync() => server.DisposeAsync();
}
