namespace Syncline.Server.Storage;

/// <summary>
/// Reads a page of the log whole, into a list: for callers that look at entries, not serve them
/// (store tests, tools). Pulls stream the snapshot instead (<c>Sync/PullPageResult</c>).
/// </summary>
internal static class LogPages
{
    public static Task<LogPage> ReadLogAsync(this ISyncStore store, LogQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.ReadLogAsync(
            query,
            async (snapshot, ct) =>
            {
                var entries = new List<LogEntry>();
                await foreach (var entry in snapshot.Entries.WithCancellation(ct))
                {
                    entries.Add(entry);
                }

                return new LogPage(snapshot.Head, entries, snapshot.Total, snapshot.HasMore, snapshot.Horizon);
            },
            cancellationToken);
    }
}
