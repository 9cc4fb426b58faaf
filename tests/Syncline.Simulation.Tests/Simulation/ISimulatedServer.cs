using System.Text.Json.Nodes;
using Syncline.Client;

namespace Syncline.Simulation.Tests.Simulation;

/// <summary>
/// The server a simulation runs against: Syncline's own, as a process it can SIGKILL, or the upstream-shaped
/// one (Syncline.Testing). The run, the devices and the oracle are the same for both; this is what differs.
/// </summary>
internal interface ISimulatedServer : IAsyncDisposable
{
    /// <summary>Where each device's fault proxy forwards to.</summary>
    Uri Address { get; }

    /// <summary>How many times the server was killed.</summary>
    int Kills { get; }

    /// <summary>Whether the server is up.</summary>
    bool IsRunning { get; }

    /// <summary>Kills the server at once, under whatever requests are in flight.</summary>
    Task KillAsync();

    /// <summary>Brings a killed server back on the same address, with what it had stored.</summary>
    Task RestartAsync(CancellationToken ct);

    /// <summary>Points a device's options at <paramref name="proxy"/> (the server as the device sees it), as <paramref name="user"/> on <paramref name="device"/>, with the profile this server needs.</summary>
    void Configure(SyncClientOptions options, Uri proxy, string user, string device);

    /// <summary>What the server saw of the user's requests, for a failing seed's message; empty when it keeps no such record.</summary>
    string Requests(string user);

    /// <summary>The user's whole mutation log as wire entries, oldest first: pulls give only the current state.</summary>
    Task<IReadOnlyList<JsonObject>> LogAsync(string user, CancellationToken ct);
}
