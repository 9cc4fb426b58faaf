using System.Diagnostics.Metrics;

namespace Syncline.Client.Sync;

/// <summary>
/// The client's metrics, meter <c>Syncline.Client</c>: syncs by outcome, their duration, and the
/// entries pulled, mutations pushed, conflicts and failures they saw, and the full resyncs. Listen with any
/// <see cref="MeterListener"/> (OpenTelemetry, dotnet-counters).
/// </summary>
internal sealed class SyncMetrics : IDisposable
{
    public const string MeterName = "Syncline.Client";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _syncs;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _pulled;
    private readonly Counter<long> _pushed;
    private readonly Counter<long> _conflicts;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _fullResyncs;

    public SyncMetrics()
    {
        _syncs = _meter.CreateCounter<long>("syncline.client.syncs", description: "Syncs run, tagged by outcome (complete, pending, offline, error)");
        _duration = _meter.CreateHistogram<double>("syncline.client.sync.duration", unit: "s", description: "How long a sync took");
        _pulled = _meter.CreateCounter<long>("syncline.client.pulled", description: "Server entries applied");
        _pushed = _meter.CreateCounter<long>("syncline.client.pushed", description: "Local mutations acknowledged");
        _conflicts = _meter.CreateCounter<long>("syncline.client.conflicts", description: "Pulled changes that met unpushed local changes");
        _failed = _meter.CreateCounter<long>("syncline.client.failed", description: "Mutations moved to the failed list");
        _fullResyncs = _meter.CreateCounter<long>("syncline.client.full_resyncs", description: "Syncs that pulled everything again because the server no longer kept the history after the cursor");
    }

    public void Record(SyncResult result, TimeSpan duration)
    {
        var outcome = new KeyValuePair<string, object?>(
            "outcome", result.Offline ? "offline" : result.Error is not null ? "error" : result.Pending > 0 ? "pending" : "complete");
        _syncs.Add(1, outcome);
        _duration.Record(duration.TotalSeconds, outcome);
        _pulled.Add(result.Pulled);
        _pushed.Add(result.Pushed);
        _conflicts.Add(result.Conflicts);
        _failed.Add(result.Failed);
        if (result.FullResync)
        {
            _fullResyncs.Add(1);
        }
    }

    public void Dispose() => _meter.Dispose();
}
