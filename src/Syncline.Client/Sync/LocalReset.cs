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
        await connection.ExecuteAsync(
            """
            DELETE FROM resources WHERE sync_status = 'synced'
              AND NOT EXISTS (SELECT 1 FROM mutation_queue q WHERE q.resource = resources.resource AND q.resource_id = resources.id)
            """,
            ct).ConfigureAwait(false);
        await FullResync.BeginAsync(connection, FullResyncReason.Reset, ct).ConfigureAwait(false);
        await connection.SetOriginAsync(null, ct).ConfigureAwait(false);
    }

    /// <summary>Deletes everything this device holds: records, queued and failed changes, the cursor and the origin.</summary>
    public static async Task DeleteEverythingAsync(SqliteConnection connection, CancellationToken ct)
    {
        foreach (var table in (string[])["resources", "mutation_queue", "push_batches", "failed_mutations"])
        {
            await connection.ExecuteAsync($"DELETE FROM {table}", ct).ConfigureAwait(false);
        }

        await connection.ExecuteAsync(
            """
            UPDATE sync_metadata SET last_mutation_at = 0, resyncing = 0, last_sync_attempt = NULL, last_successful_sync = NULL,
              origin_server = NULL, origin_account = NULL
            WHERE id = 1
            """,
            ct).ConfigureAwait(false);
    }
}
