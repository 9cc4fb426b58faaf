using Syncline.Server.Storage;

namespace Syncline.Server.Tests.Support;

/// <summary>A page of a store read whole, for store tests that look at entries (pulls stream them instead).</summary>
internal sealed record StorePage(long Head, IReadOnlyList<LogEntry> Entries, long Total);

/// <summary>Reads one page of a store into a list, inside its snapshot.</summary>
internal static class StorePages
{
    public static Task<StorePage> ReadPageAsync(this ISyncStore store, LogQuery query, CancellationToken cancellationToken) =>
        store.ReadLogAsync(
            query,
            async (snapshot, ct) => new StorePage(snapshot.Head, await snapshot.Entries.ToListAsync(ct), snapshot.Total),
            cancellationToken);
}
