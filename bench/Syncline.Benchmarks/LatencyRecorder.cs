using System.Diagnostics;

namespace Syncline.Benchmarks;

/// <summary>
/// Request latencies of one caller, in <see cref="Stopwatch"/> ticks. Not thread-safe: each
/// concurrent client keeps its own, and <see cref="Summarize(IEnumerable{LatencyRecorder})"/> merges them.
/// </summary>
internal sealed class LatencyRecorder
{
    private readonly List<long> _ticks = [];

    /// <summary>Records the time from <paramref name="startTimestamp"/> (a <see cref="Stopwatch.GetTimestamp"/>) to now.</summary>
    public void Record(long startTimestamp) => _ticks.Add(Stopwatch.GetTimestamp() - startTimestamp);

    public LatencySummary Summarize() => Summarize([this]);

    public static LatencySummary Summarize(IEnumerable<LatencyRecorder> recorders)
    {
        var all = recorders.SelectMany(r => r._ticks).ToArray();
        if (all.Length == 0)
        {
            return new LatencySummary(0, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);
        }

        Array.Sort(all);
        return new LatencySummary(all.Length, Percentile(all, 0.50), Percentile(all, 0.99), Stopwatch.GetElapsedTime(0, all[^1]));
    }

    /// <summary>Nearest rank: the smallest value with at least <paramref name="fraction"/> of the samples at or below it.</summary>
    private static TimeSpan Percentile(long[] sorted, double fraction)
    {
        var rank = (int)Math.Ceiling(fraction * sorted.Length);
        return Stopwatch.GetElapsedTime(0, sorted[Math.Max(rank, 1) - 1]);
    }
}
