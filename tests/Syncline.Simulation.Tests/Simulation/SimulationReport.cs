using Syncline.Simulation.Tests.Network;

namespace Syncline.Simulation.Tests.Simulation;

/// <summary>The figures of one seed's run, and what the oracle found wrong (nothing, when it passes).</summary>
internal sealed class SimulationReport(int seed, ServerKind kind)
{
    public int Seed { get; } = seed;

    public ServerKind Server { get; } = kind;

    public int Users { get; set; }

    public int Devices { get; set; }

    public int Operations { get; set; }

    public int WritesRecorded { get; set; }

    public int Syncs { get; set; }

    public int ClientCrashes { get; set; }

    public int ServerKills { get; set; }

    public int OfflineSwitches { get; set; }

    public int OfflineRefusals { get; set; }

    public int QuietPasses { get; set; }

    public Dictionary<Fault, int> Faults { get; } = [];

    /// <summary>Failed-list entries at the end, by the reason the client gave.</summary>
    public Dictionary<string, int> FailedByReason { get; } = [];

    public List<string> Violations { get; } = [];

    /// <summary>Each device's journal, kept only when something went wrong.</summary>
    public List<string> Journals { get; } = [];

    public TimeSpan Duration { get; set; }

    public string ReplayCommand => Server == ServerKind.Upstream
        ? $"SYNCLINE_UPSTREAM_SIMULATION_SEEDS={Seed} dotnet test tests/Syncline.Simulation.Tests --filter \"FullyQualifiedName~SimulationTests.Devices_against_the_upstream_server\""
        : $"SYNCLINE_SIMULATION_SEEDS={Seed} dotnet test tests/Syncline.Simulation.Tests --filter \"FullyQualifiedName~SimulationTests.Devices_under_faults\"";

    public override string ToString() =>
        $"{(Server == ServerKind.Upstream ? "upstream " : "")}seed {Seed}: {Users} users, {Devices} devices, {Operations} changes ({WritesRecorded} writes in ledgers), {Syncs} syncs, " +
        $"{ClientCrashes} client crashes, {ServerKills} server kills, {OfflineSwitches} offline switches, " +
        $"faults [{string.Join(", ", Faults.Where(f => f.Key != Fault.Pass).Select(f => $"{f.Key} {f.Value}"))}], " +
        $"{FailedByReason.Values.Sum()} failed entries, quiet after {QuietPasses} passes, {Duration.TotalSeconds:0.0} s";
}
