using System.Diagnostics;
using System.Runtime;

namespace Syncline.Benchmarks;

/// <summary>
/// The process's CPU time and GC counters, and the whole machine's busy CPU time, at one moment;
/// two of them give a phase's cost.
/// </summary>
internal readonly record struct ResourceSnapshot(
    TimeSpan Cpu, TimeSpan MachineBusy, long AllocatedBytes, int Gen0, int Gen1, int Gen2, TimeSpan GcPause, TimeSpan JitTime, long JitMethods)
{
    public static ResourceSnapshot Take()
    {
        using var process = Process.GetCurrentProcess();
        return new ResourceSnapshot(
            process.TotalProcessorTime,
            MachineCpu.Busy(),
            GC.GetTotalAllocatedBytes(precise: false),
            GC.CollectionCount(0),
            GC.CollectionCount(1),
            GC.CollectionCount(2),
            GC.GetTotalPauseDuration(),
            JitInfo.GetCompilationTime(),
            JitInfo.GetCompiledMethodCount());
    }

    /// <summary>What happened between <paramref name="start"/> and this snapshot.</summary>
    public ResourceSnapshot Since(ResourceSnapshot start) => new(
        Cpu - start.Cpu,
        MachineBusy - start.MachineBusy,
        AllocatedBytes - start.AllocatedBytes,
        Gen0 - start.Gen0,
        Gen1 - start.Gen1,
        Gen2 - start.Gen2,
        GcPause - start.GcPause,
        JitTime - start.JitTime,
        JitMethods - start.JitMethods);

    /// <summary>CPU time that other programs took over the same span (never below zero: the two clocks tick differently).</summary>
    public TimeSpan Others => MachineBusy > Cpu ? MachineBusy - Cpu : TimeSpan.Zero;
}
