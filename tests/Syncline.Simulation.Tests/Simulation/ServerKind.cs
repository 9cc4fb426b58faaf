namespace Syncline.Simulation.Tests.Simulation;

/// <summary>Which server a simulation runs against.</summary>
internal enum ServerKind
{
    /// <summary>Syncline's server, a process on SQLite (<see cref="SimulatedSynclineServer"/>).</summary>
    Syncline,

    /// <summary>The upstream-shaped server (<see cref="SimulatedUpstreamServer"/>), devices on <see cref="Client.ServerProfile.Upstream"/>.</summary>
    Upstream,
}
