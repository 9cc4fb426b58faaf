using System.Diagnostics;

namespace Syncline.Benchmarks;

/// <summary>
/// Times a small append plus fsync in the data directory: what one SQLite commit must wait for
/// at least, so the push figures can be read against the disk they ran on.
/// </summary>
internal static class DiskProbe
{
    private const int Rounds = 200;

    public static async Task<LatencySummary> MeasureAsync(string directory, CancellationToken cancellationToken)
    {
        var path = Path.Combine(directory, "fsync-probe.tmp");
        var block = new byte[4096];
        var latency = new LatencyRecorder();
        try
        {
            await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
            for (var i = 0; i < Rounds; i++)
            {
                var start = Stopwatch.GetTimestamp();
                await file.WriteAsync(block, cancellationToken);
                file.Flush(flushToDisk: true);
                latency.Record(start);
            }
        }
        finally
        {
            File.Delete(path);
        }

        return latency.Summarize();
    }
}
