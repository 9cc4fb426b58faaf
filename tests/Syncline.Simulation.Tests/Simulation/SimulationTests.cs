using System.Globalization;

namespace Syncline.Simulation.Tests.Simulation;

/// <summary>
/// The randomized simulation, one test case per seed. CI runs seeds 1-50; set
/// <c>SYNCLINE_SIMULATION_SEEDS</c> (e.g. <c>1-1000</c> or <c>7,42</c>) to run others.
/// <c>SYNCLINE_SIMULATION_PROFILE=upstream</c> runs the devices with <see cref="Client.ServerProfile.Upstream"/> (no idempotency keys).
/// </summary>
public sealed class SimulationTests(SimulationTotals totals) : IClassFixture<SimulationTotals>
{
    /// <summary>Whether the devices run with <see cref="Client.ServerProfile.Upstream"/>.</summary>
    public static bool UpstreamProfile => Environment.GetEnvironmentVariable("SYNCLINE_SIMULATION_PROFILE") == "upstream";

    public static TheoryData<int> Seeds => [.. SeedsFromEnvironment()];

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Devices_under_faults_end_on_the_servers_state_with_nothing_lost_or_doubled(int seed)
    {
        var report = await SimulationRun.RunAsync(seed, TestContext.Current.CancellationToken);
        totals.Add(report);
        TestContext.Current.SendDiagnosticMessage(report.ToString());
        Assert.True(
            report.Violations.Count == 0,
            $"{report}\n{string.Join('\n', report.Violations)}\nreplay: {SimulationReport.ReplayCommand(seed)}\n{string.Join('\n', report.Journals)}");
    }

    private static IEnumerable<int> SeedsFromEnvironment()
    {
        var spec = Environment.GetEnvironmentVariable("SYNCLINE_SIMULATION_SEEDS");
        if (string.IsNullOrWhiteSpace(spec))
        {
            return Enumerable.Range(1, 50);
        }

        return spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).SelectMany(part =>
        {
            var range = part.Split('-');
            var first = int.Parse(range[0], CultureInfo.InvariantCulture);
            var last = range.Length > 1 ? int.Parse(range[1], CultureInfo.InvariantCulture) : first;
            return Enumerable.Range(first, last - first + 1);
        });
    }
}
