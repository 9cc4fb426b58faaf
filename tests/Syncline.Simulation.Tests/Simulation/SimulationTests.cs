using System.Globalization;

namespace Syncline.Simulation.Tests.Simulation;

/// <summary>
/// The randomized simulation, one test case per seed, against Syncline's server and against the
/// upstream-shaped one. CI runs seeds 1-50 and 1-20; set <c>SYNCLINE_SIMULATION_SEEDS</c> or
/// <c>SYNCLINE_UPSTREAM_SIMULATION_SEEDS</c> (e.g. <c>1-1000</c> or <c>7,42</c>) to run others.
/// </summary>
public sealed class SimulationTests(SimulationTotals totals) : IClassFixture<SimulationTotals>
{
    public static TheoryData<int> Seeds => [.. SeedsFromEnvironment("SYNCLINE_SIMULATION_SEEDS", 50)];

    public static TheoryData<int> UpstreamSeeds => [.. SeedsFromEnvironment("SYNCLINE_UPSTREAM_SIMULATION_SEEDS", 20)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public Task Devices_under_faults_end_on_the_servers_state_with_nothing_lost_or_doubled(int seed) =>
        RunAsync(seed, ServerKind.Syncline);

    [Theory]
    [MemberData(nameof(UpstreamSeeds))]
    public Task Devices_against_the_upstream_server_end_on_its_state_with_nothing_lost_or_doubled(int seed) =>
        RunAsync(seed, ServerKind.Upstream);

    private async Task RunAsync(int seed, ServerKind server)
    {
        var report = await SimulationRun.RunAsync(seed, server, TestContext.Current.CancellationToken);
        totals.Add(report);
        TestContext.Current.SendDiagnosticMessage(report.ToString());
        Assert.True(
            report.Violations.Count == 0,
            $"{report}\n{string.Join('\n', report.Violations)}\nreplay: {report.ReplayCommand}\n{string.Join('\n', report.Journals)}");
    }

    private static IEnumerable<int> SeedsFromEnvironment(string variable, int ciSeeds)
    {
        var spec = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(spec))
        {
            return Enumerable.Range(1, ciSeeds);
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
