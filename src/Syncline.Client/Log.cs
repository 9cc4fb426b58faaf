using Microsoft.Extensions.Logging;

namespace Syncline.Client;

/// <summary>
/// Every log event of the client, with its id, in one place: an operator filtering or alerting on an event finds
/// here what it means, and a new event takes the next id of its group. 1000s: the sync loop; 1100s: local writes
/// and their change events; 1200s: background sync.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(1001, LogLevel.Information, "Sync: pulled {Pulled}, pushed {Pushed}, conflicts {Conflicts}, failed {Failed}, pending {Pending} in {DurationMs} ms; stopped early: {Stop}")]
    public static partial void Synced(this ILogger logger, int pulled, int pushed, int conflicts, int failed, long pending, double durationMs, string? stop);

    [LoggerMessage(1002, LogLevel.Warning, "Sync: the server no longer keeps the history after cursor {Cursor} (head {Head}); pulling everything again from 0, keeping local changes")]
    public static partial void HistoryPruned(this ILogger logger, long cursor, long? head);

    [LoggerMessage(1003, LogLevel.Warning, "Sync: the server's head {Head} is behind this device's cursor {Cursor} (its data was reset or replaced); pulling everything again from 0, keeping local changes")]
    public static partial void ServerBehind(this ILogger logger, long cursor, long head);

    [LoggerMessage(1004, LogLevel.Warning, "Sync: {Reason} since the last sync; pulling everything again from 0 ({Failed} queued changes moved to the failed list)")]
    public static partial void OriginChanged(this ILogger logger, FullResyncReason reason, int failed);

    [LoggerMessage(1101, LogLevel.Error, "A ResourcesChanged subscriber threw while handling {Count} committed changes; the changes stand")]
    public static partial void SubscriberFailed(this ILogger logger, Exception exception, int count);

    [LoggerMessage(1201, LogLevel.Error, "Background sync failed; it will be tried again after a backoff")]
    public static partial void BackgroundSyncFailed(this ILogger logger, Exception exception);

    [LoggerMessage(1202, LogLevel.Warning, "Background poll of the server's head failed; counted as unreachable")]
    public static partial void BackgroundPollFailed(this ILogger logger, Exception exception);
}
