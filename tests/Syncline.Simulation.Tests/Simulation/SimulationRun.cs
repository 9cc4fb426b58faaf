using System.Diagnostics;
using Syncline.Simulation.Tests.Network;

namespace Syncline.Simulation.Tests.Simulation;

/// <summary>
/// One seed's run: devices of one to three users change things, sync, go offline, crash mid-sync
/// and see the server killed under them, over networks that lose requests and responses. Then the
/// network heals, every device syncs until quiet, and the <see cref="Oracle"/> judges the result.
/// The schedule of actions comes from the seed; the exact moment a kill or a crash lands depends
/// on timing, so a replay repeats the same story, not always the same interleaving.
/// </summary>
internal static class SimulationRun
{
    private const int MaxQuietPasses = 10;

    /// <summary>Waits of one device, in one pass, for a lost push to settle before its sync counts as not completing.</summary>
    private const int MaxSettlementWaits = 4;

    public static async Task<SimulationReport> RunAsync(int seed, ServerKind kind, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var plan = SimulationPlan.For(seed);
        var report = new SimulationReport(seed, kind) { Users = plan.Devices.Select(d => d.User).Distinct().Count(), Devices = plan.Devices.Count };
        var random = new Random(seed);
        var directory = Directory.CreateTempSubdirectory($"syncline-sim-{seed}-").FullName;
        var devices = new List<SimulatedDevice>();
        await using var server = kind == ServerKind.Upstream ? await SimulatedUpstreamServer.StartAsync(seed, ct) : await SimulatedSynclineServer.StartAsync(ct);
        try
        {
            foreach (var device in plan.Devices)
            {
                devices.Add(await SimulatedDevice.OpenAsync(device, seed, directory, server, ct));
            }

            var actions = new DeviceActions(random, $"s{seed}");
            for (var step = 0; step < plan.Steps; step++)
            {
                await StepAsync(step, devices, actions, server, random, report, ct);
            }

            report.Operations = actions.Performed;
            await HealAsync(devices, server, ct);
            await JudgeAsync(devices, server, report, ct);
        }
        finally
        {
            foreach (var device in devices)
            {
                foreach (var (fault, count) in device.Network.Counts)
                {
                    report.Faults[fault] = report.Faults.GetValueOrDefault(fault) + count;
                }

                report.OfflineRefusals += device.Network.OfflineRefusals;
                report.WritesRecorded += device.Ledger.Recorded;
                await device.DisposeAsync();
            }

            report.ServerKills = server.Kills;
            if (report.Violations.Count > 0)
            {
                report.Journals.AddRange(devices.Select(d => $"--- {d.Plan.Name} ({d.Plan.User}, {d.Plan.Policy}, pull {d.Plan.PullPageSize}, push {d.Plan.PushBatchSize}):\n  {string.Join("\n  ", d.Journal)}"));
                report.Journals.AddRange(devices.Select(d => d.Plan.User).Distinct().Select(user => server.Requests(user)).Where(r => r.Length > 0)
                    .Select(r => $"--- requests the server saw:\n{r}"));
            }

            report.Duration = clock.Elapsed;
            TryDelete(directory);
        }

        return report;
    }

    private static async Task StepAsync(
        int step, List<SimulatedDevice> devices, DeviceActions actions, ISimulatedServer server, Random random, SimulationReport report, CancellationToken ct)
    {
        var device = devices[random.Next(devices.Count)];
        var roll = random.Next(100);
        if (roll < 52)
        {
            for (var changes = random.Next(1, 4); changes > 0; changes--)
            {
                await actions.RunOneAsync(device, step, ct);
            }
        }
        else if (roll < 74)
        {
            await SyncAsync(device, report, ct);
        }
        else if (roll < 84)
        {
            report.ClientCrashes++;
            device.Journal.Add($"step {step}: crash mid-sync");
            await device.CrashDuringSyncAsync(TimeSpan.FromMilliseconds(random.Next(0, 30)), ct);
        }
        else if (roll < 95)
        {
            report.OfflineSwitches++;
            device.Network.Offline = !device.Network.Offline;
            device.Journal.Add($"step {step}: offline={device.Network.Offline}");
        }
        else
        {
            // The server dies under a sync; devices keep working (and failing to sync) until it is back.
            // Journaled before the sync starts: the sync journals its changes as it goes, on another thread.
            device.Journal.Add($"step {step}: server killed during this sync");
            var sync = SyncAsync(device, report, ct);
            await Task.Delay(random.Next(0, 30), ct);
            await server.KillAsync();
            await sync;
            for (var whileDown = random.Next(0, 3); whileDown > 0; whileDown--)
            {
                var other = devices[random.Next(devices.Count)];
                await actions.RunOneAsync(other, step, ct);
                await SyncAsync(other, report, ct);
            }

            await server.RestartAsync(ct);
        }
    }

    private static async Task<Client.SyncResult> SyncAsync(SimulatedDevice device, SimulationReport report, CancellationToken ct)
    {
        report.Syncs++;
        var result = await device.Client.SyncAsync(ct);
        device.Journal.Add($"sync: {result}");
        return result;
    }

    private static async Task HealAsync(List<SimulatedDevice> devices, ISimulatedServer server, CancellationToken ct)
    {
        if (!server.IsRunning)
        {
            await server.RestartAsync(ct);
        }

        foreach (var device in devices)
        {
            device.Network.Rates = FaultRates.None;
            device.Network.Offline = false;
        }
    }

    private static async Task JudgeAsync(List<SimulatedDevice> devices, ISimulatedServer server, SimulationReport report, CancellationToken ct)
    {
        report.QuietPasses = await SyncUntilQuietAsync(devices, report, ct);
        foreach (var user in devices.GroupBy(d => d.Plan.User))
        {
            var history = await HistoryAsync(server, user.Key);
            report.Violations.AddRange(history.Violations.Select(v => $"{user.Key}: {v}"));
            foreach (var device in user)
            {
                var failed = await device.Client.Failed.ListAsync(ct);
                report.Violations.AddRange(Oracle.WritesArrived(device, history, failed));
                foreach (var entry in failed)
                {
                    report.FailedByReason[entry.Reason] = report.FailedByReason.GetValueOrDefault(entry.Reason) + 1;

                    // The user's decision on a refused change, here to let it go, so every device can show the server's state.
                    await device.Client.Failed.DiscardAsync(entry.Id, ct);
                }
            }
        }

        await SyncUntilQuietAsync(devices, report, ct);
        foreach (var user in devices.GroupBy(d => d.Plan.User))
        {
            var history = await HistoryAsync(server, user.Key);
            foreach (var device in user)
            {
                report.Violations.AddRange(await Oracle.SameStateAsServerAsync(device, history, ct));
            }
        }
    }

    /// <summary>Syncs every device in turn until a whole pass moves nothing; returns the passes it took.</summary>
    private static async Task<int> SyncUntilQuietAsync(List<SimulatedDevice> devices, SimulationReport report, CancellationToken ct)
    {
        for (var pass = 1; pass <= MaxQuietPasses; pass++)
        {
            var quiet = true;
            foreach (var device in devices)
            {
                var result = await SyncAsync(device, report, ct);
                for (var wait = 0; wait < MaxSettlementWaits && !result.IsComplete && !result.Offline && result.Error is null; wait++)
                {
                    // A push whose answer was lost (before the heal, or on a connection the heal left dead) waits until
                    // it can no longer arrive, then settles: pending changes with no error are that wait.
                    await Task.Delay(SimulationPlan.LostPushWindow, ct);
                    result = await SyncAsync(device, report, ct);
                }

                if (!result.IsComplete)
                {
                    report.Violations.Add($"{device.Plan.Name}: sync on a healed network did not complete: {result}");
                    return pass;
                }

                quiet &= result.Pulled == 0 && result.Pushed == 0;
            }

            if (quiet)
            {
                return pass;
            }
        }

        report.Violations.Add($"devices still moving changes after {MaxQuietPasses} passes on a healed network");
        return MaxQuietPasses;
    }

    /// <summary>The user's whole log, from the server's database: pulls give the current state, the oracle judges history.</summary>
    private static async Task<ServerHistory> HistoryAsync(ISimulatedServer server, string user) =>
        new(await server.LogAsync(user, CancellationToken.None));

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
