using System.Text.Json.Nodes;
using Syncline.Client;
using Syncline.Testing.Upstream;

namespace Syncline.Simulation.Tests.Simulation;

/// <summary>
/// The upstream-shaped server (UPSTREAM.md): no idempotency keys, so every lost response is settled by the
/// client pulling its own echoes. The seed picks the first-sync rule and the form of link CREATE acks, so
/// the seeds between them cover every shape the SDK must accept.
/// </summary>
internal sealed class SimulatedUpstreamServer(UpstreamServer server) : ISimulatedServer
{
    public Uri Address => new(server.BaseUrl, "/");

    public int Kills => server.Kills;

    public bool IsRunning => server.IsRunning;

    public static async Task<ISimulatedServer> StartAsync(int seed, CancellationToken ct)
    {
        var server = await UpstreamServer.StartAsync(
            new Dictionary<string, string>(), seed % 2 == 0 ? FirstSync.DefaultCollection : FirstSync.MinusOne, cancellationToken: ct);
        server.LinkCreateAck = (LinkCreateAck)(seed / 2 % Enum.GetValues<LinkCreateAck>().Length);
        return new SimulatedUpstreamServer(server);
    }

    public Task KillAsync() => server.KillAsync();

    public Task RestartAsync(CancellationToken ct) => server.RestartAsync(ct);

    public void Configure(SyncClientOptions options, Uri proxy, string user, string device)
    {
        var token = $"token-{user}";
        server.AddUser(token, user);
        options.ServerUrl = new Uri(proxy, server.BaseUrl.AbsolutePath);
        options.TokenProvider = _ => ValueTask.FromResult(token);
        options.Profile = ServerProfile.Upstream;
        options.ClientId = device;
    }

    public string Requests(string user) => string.Join('\n', server.Requests
        .Where(r => r.AuthToken == $"token-{user}")
        .Select(r => $"  {r.Method} {r.PathAndQuery} {r.ClientId} -> {(r.Status == 0 ? "response lost" : r.Status)} {r.Detail}"));

    public Task<IReadOnlyList<JsonObject>> LogAsync(string user, CancellationToken ct) => Task.FromResult(server.MutationLog(user));

    public ValueTask DisposeAsync() => server.DisposeAsync();
}
