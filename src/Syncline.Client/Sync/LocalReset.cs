using Microsoft.Data.Sqlite;
using Syncline.Client.Store;

namespace Syncline.Client.Sync;

/// <summary>The two resets an app (or <c>syncline reset</c>) may ask for, each one write transaction.</summary>
internal static class LocalReset
{
    /// <summary>
    /// Drops what came from the server and the cursor; queued and failed changes stay, with the records they
    /// change. The next sync is a <see cref="FullResync"/>: it pulls everything, and the records kept for their
    /// queued changes meet the server's versions as in any resync (gone there: the conflict policy decides).
    /// </summary>
    public static async Task ForgetServerDataAsync(SqliteConnection connection, CancellationToken ct)
    {
        await connection.RemoveServerOnlyAsync(ct).ConfigureAwait(false);
        await FullResync.BeginAsync(connection, FullResyncReason.Reset, ct).ConfigureAwait(false);
        await connection.SetOriginAsync(null, ct).ConfigureAwait(false);
    }

    /// <summary>Deletes everything this device holds: records, queued and failed changes, the cursor and the origin.</summary>
    public static async Task DeleteEverythingAsync(SqliteConnection connection, CancellationToken ct)
    {
        await connection.ClearResourcesAsync(ct).ConfigureAwait(false);
        await connection.ClearQueueAsync(ct).ConfigureAwait(false);
        await connection.ClearBatchesAsync(ct).ConfigureAwait(false);
        await connection.ClearFailedAsync(ct).ConfigureAwait(false);
        await connection.ClearMetadataAsync(ct).ConfigureAwait(false);
    }
}
