using Microsoft.Extensions.Options;
using Syncline.Server.Hosting;
using Syncline.Server.Storage;

namespace Syncline.Server.Retention;

/// <summary>
/// Prunes the log and old tombstones on a schedule (<see cref="RetentionOptions"/>), on the injected clock.
/// Safe with several instances on one database: the store makes concurrent runs take turns or skip.
/// </summary>
internal sealed class HistoryPruner(ISyncStore store, IOptions<SynclineServerOptions> options, TimeProvider time, ILogger<HistoryPruner> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var retention = options.Value.Retention;
        if (retention.LogDays == 0 && retention.TombstoneDays == 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(retention.IntervalMinutes), time);
        try
        {
            do
            {
                await PruneOnceAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping, also when the host never started (a taken port): not a failure to log with a stack trace.
        }
    }

    /// <summary>One run: the cutoffs are now minus the retention; a failure is logged and the next run tries again.</summary>
    public async Task<PruneResult?> PruneOnceAsync(CancellationToken ct)
    {
        var retention = options.Value.Retention;
        var now = time.GetUtcNow();
        try
        {
            var result = await store.PruneAsync(Cutoff(now, retention.LogDays), Cutoff(now, retention.TombstoneDays), ct);
            Log.Pruned(logger, result.Users, result.LogEntries, result.Tombstones);
            return result;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Log.PruneFailed(logger, exception);
            return null;
        }
    }

    private static long Cutoff(DateTimeOffset now, int days) => days == 0 ? 0 : (now - TimeSpan.FromDays(days)).ToUnixTimeMilliseconds();
}
