namespace Syncline.Benchmarks;

/// <summary>How long requests took: the 50th and 99th percentiles and the slowest.</summary>
internal readonly record struct LatencySummary(int Count, TimeSpan P50, TimeSpan P99, TimeSpan Max);
