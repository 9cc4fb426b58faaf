using System.Globalization;
using System.Text;
using Syncline.Simulation.Tests.Network;

namespace Syncline.Simulation.Tests.Simulation;

/// <summary>
/// Adds up the figures of every seed in a run and, at the end, writes them as the README's
/// reliability table to <c>SYNCLINE_SIMULATION_REPORT</c> (when set) and to the test output.
/// </summary>
public sealed class SimulationTotals : IDisposable
{
    private readonly List<SimulationReport> _reports = [];

    internal void Add(SimulationReport report)
    {
        lock (_reports)
        {
            _reports.Add(report);
        }
    }

    public void Dispose()
    {
        string table;
        lock (_reports)
        {
            if (_reports.Count == 0)
            {
                return;
            }

            // One table per server: the README reports them apart.
            table = string.Join('\n', _reports.GroupBy(r => r.Server).Select(g => $"{g.Key} server\n\n{Table([.. g])}"));
        }

        if (Environment.GetEnvironmentVariable("SYNCLINE_SIMULATION_REPORT") is { Length: > 0 } path)
        {
            File.WriteAllText(path, table);
        }

        Console.WriteLine(table);
    }

    private static string Table(List<SimulationReport> reports)
    {
        var failedSeeds = reports.Where(r => r.Violations.Count > 0).Select(r => r.Seed).ToList();
        var faults = reports.SelectMany(r => r.Faults).GroupBy(f => f.Key).ToDictionary(g => g.Key, g => g.Sum(f => f.Value));
        var reasons = reports.SelectMany(r => r.FailedByReason).GroupBy(f => f.Key).OrderByDescending(g => g.Sum(f => f.Value));
        var lost = reports.Sum(r => r.Violations.Count(v => v.Contains(": lost ", StringComparison.Ordinal)));
        var doubled = reports.Sum(r => r.Violations.Count(v => v.Contains("twice", StringComparison.Ordinal)));
        var resurrected = reports.Sum(r => r.Violations.Count(v => v.Contains("came back", StringComparison.Ordinal)));
        var text = new StringBuilder();
        void Row(string what, object value) => text.AppendLine(CultureInfo.InvariantCulture, $"| {what} | {value} |");
        text.AppendLine("| simulation | figure |").AppendLine("|---|---|");
        Row("seeds run", $"{reports.Count} ({reports.Min(r => r.Seed)}-{reports.Max(r => r.Seed)}), {failedSeeds.Count} failed{(failedSeeds.Count > 0 ? $": {string.Join(',', failedSeeds)}" : "")}");
        Row("users / devices", $"{reports.Sum(r => r.Users)} / {reports.Sum(r => r.Devices)}");
        Row("local changes made", reports.Sum(r => r.Operations));
        Row("syncs", reports.Sum(r => r.Syncs));
        Row("requests through the fault proxy", faults.Values.Sum());
        foreach (var fault in Enum.GetValues<Fault>().Where(f => f != Fault.Pass))
        {
            Row($"faults injected: {fault}", faults.GetValueOrDefault(fault));
        }

        Row("connections refused while offline", reports.Sum(r => r.OfflineRefusals));
        Row("offline/online switches", reports.Sum(r => r.OfflineSwitches));
        Row("client crashes mid-sync", reports.Sum(r => r.ClientCrashes));
        Row("server kills (Syncline: SIGKILL; upstream: Kestrel stopped)", reports.Sum(r => r.ServerKills));
        Row("changes refused into failed lists (by reason)", string.Join("; ", reasons.Select(g => $"{g.Key}: {g.Sum(f => f.Value)}")));
        Row("writes lost", lost);
        Row("resources doubled", doubled);
        Row("deleted resources come back", resurrected);
        Row("other violations", reports.Sum(r => r.Violations.Count) - lost - doubled - resurrected);
        Row("time", $"{reports.Sum(r => r.Duration.TotalSeconds):0} s");
        return text.ToString();
    }
}
