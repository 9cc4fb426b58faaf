namespace Syncline.Benchmarks;

/// <summary>
/// One timed phase: how many units it moved in how long, the latency of its requests (and of
/// their parts, for a sync that is a pull and a push), and what it cost the process.
/// </summary>
internal sealed record PhaseResult(
    string Name,
    long Count,
    string Unit,
    TimeSpan Elapsed,
    LatencySummary Latency,
    ResourceSnapshot Usage,
    IReadOnlyList<(string Part, LatencySummary Latency)> Parts)
{
    public double Rate => Count / Elapsed.TotalSeconds;
}
