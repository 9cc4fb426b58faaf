using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;

namespace Syncline.Benchmarks;

/// <summary>Prints the workload's setting, one row per phase, the targets of the issue and the memory used.</summary>
internal sealed class WorkloadReport(TextWriter output)
{
    private const double PullTarget = 200_000;
    private const double PushTarget = 20_000;
    private const double SyncTarget = 2_000;
    private static readonly TimeSpan SyncP99Target = TimeSpan.FromMilliseconds(50);

    public async Task HeaderAsync(ServerWorkloadOptions options, string dataDirectory, LatencySummary fsync)
    {
        var gc = GCSettings.IsServerGC ? "server GC" : "workstation GC";
        await WriteAsync($"Syncline server workload, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        await WriteAsync($"machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, {gc}");
        await WriteAsync($"server: in this process on Kestrel at 127.0.0.1, SQLite (WAL) in {dataDirectory}, rate limit off");
        await WriteAsync("clients: HTTP/1.1 on loopback, in this process, sharing its cores; every client is its own user on its own connection");
        await WriteAsync($"sizes: seed {options.Seed}, push {options.Push}, {options.Clients} clients for {options.Seconds} s");
        await WriteAsync(
            $"warm-up: push and pull {ServerWorkload.WarmUpMutations:N0} mutations, then {options.Clients} clients sync in rounds of {ServerWorkload.WarmUpRoundSeconds} s " +
            $"until JIT compiling takes under {ServerWorkload.SettledJitShare:P0} of a round (at most {ServerWorkload.MaxWarmUpRounds}); users of its own, not counted against the targets");
        await WriteAsync($"disk: 4 KiB write + fsync in the data directory p50 {Ms(fsync.P50)} ms, p99 {Ms(fsync.P99)} ms ({fsync.Count} rounds)");
        await WriteAsync($"load average (1 min) at start: {MachineCpu.LoadAverage() ?? "n/a"}");
        await WriteAsync("cpu: this process's share of all cores over the phase; others: what other programs on the machine took meanwhile; jit: compile time");
        await WriteAsync(string.Empty);
        await WriteAsync($"{"phase",-32} {"count",9} {"seconds",8} {"rate/s",12} {"p50 ms",8} {"p99 ms",8} {"max ms",8} {"cpu",5} {"others",6} {"alloc MB",9} {"gc 0/1/2",10} {"pause ms",9} {"jit ms",7} {"jitted",7}");
    }

    public async Task PhaseAsync(PhaseResult phase)
    {
        var usage = phase.Usage;
        var allCores = phase.Elapsed * Environment.ProcessorCount;
        var cpu = usage.Cpu / allCores;
        var others = usage.Others / allCores;
        await WriteAsync(
            $"{phase.Name,-32} {phase.Count,9:N0} {phase.Elapsed.TotalSeconds,8:F2} {phase.Rate,12:N0} " +
            $"{Ms(phase.Latency.P50),8} {Ms(phase.Latency.P99),8} {Ms(phase.Latency.Max),8} {cpu,5:P0} {others,6:P0} " +
            $"{usage.AllocatedBytes / 1e6,9:N0} {$"{usage.Gen0}/{usage.Gen1}/{usage.Gen2}",10} {usage.GcPause.TotalMilliseconds,9:N0} {usage.JitTime.TotalMilliseconds,7:N0} {usage.JitMethods,7:N0}");
        foreach (var (part, latency) in phase.Parts)
        {
            await WriteAsync($"{"  of which " + part,-32} {latency.Count,9:N0} {string.Empty,8} {string.Empty,12} {Ms(latency.P50),8} {Ms(latency.P99),8} {Ms(latency.Max),8}");
        }
    }

    public async Task SummaryAsync(PhaseResult pull, PhaseResult push, PhaseResult sync)
    {
        await WriteAsync(string.Empty);
        await WriteAsync("targets (2-core machine):");
        await WriteAsync($"  (a) {pull.Rate,10:N0} entries/s    target >= {PullTarget:N0}: {Verdict(pull.Rate >= PullTarget)}");
        await WriteAsync($"  (b) {push.Rate,10:N0} mutations/s  target >= {PushTarget:N0}: {Verdict(push.Rate >= PushTarget)}");
        await WriteAsync(
            $"  (c) {sync.Rate,10:N0} syncs/s, p99 {Ms(sync.Latency.P99)} ms    target >= {SyncTarget:N0}, p99 <= {SyncP99Target.TotalMilliseconds:N0} ms: " +
            Verdict(sync.Rate >= SyncTarget && sync.Latency.P99 <= SyncP99Target));

        await WriteAsync($"load average (1 min) at end: {MachineCpu.LoadAverage() ?? "n/a"}");
        using var process = Process.GetCurrentProcess();
        var memory = GC.GetGCMemoryInfo();
        await WriteAsync(string.Empty);
        await WriteAsync(
            $"memory (whole process, server and clients): peak working set {process.PeakWorkingSet64 / 1e6:N0} MB; " +
            $"GC heap now {memory.HeapSizeBytes / 1e6:N0} MB, committed {memory.TotalCommittedBytes / 1e6:N0} MB; " +
            $"collections {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}, total pause {GC.GetTotalPauseDuration().TotalMilliseconds:N0} ms, " +
            $"allocated {GC.GetTotalAllocatedBytes(precise: false) / 1e9:N2} GB");
    }

    private static string Verdict(bool met) => met ? "met" : "MISSED";

    private static string Ms(TimeSpan time) => time.TotalMilliseconds.ToString("F1", CultureInfo.InvariantCulture);

    private Task WriteAsync(string line) => output.WriteLineAsync(line.AsMemory(), CancellationToken.None);
}
