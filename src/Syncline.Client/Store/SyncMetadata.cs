using Microsoft.Data.Sqlite;

namespace Syncline.Client.Store;

/// <summary>The <c>sync_metadata</c> row: the cursor, when sync last ran, and whether (and why) a full resync is under way.</summary>
internal sealed record SyncMetadata(long LastMutationAt, long? LastSyncAttempt, long? LastSuccessfulSync, bool Resyncing = false, FullResyncReason? ResyncReason = null);

internal static class SyncMetadataRow
{
    public static async Task<SyncMetadata> GetMetadataAsync(this SqliteConnection connection, CancellationToken ct) =>
        (await connection.QueryAsync(
            "SELECT last_mutation_at, last_sync_attempt, last_successful_sync, resyncing FROM sync_metadata WHERE id = 1",
            r => new SyncMetadata(
                r.GetInt64(0), r.IsDBNull(1) ? null : r.GetInt64(1), r.IsDBNull(2) ? null : r.GetInt64(2), r.GetInt64(3) != 0, r.GetInt64(3) == 0 ? null : (FullResyncReason)r.GetInt64(3)),
            ct).ConfigureAwait(false)).Single();

    /// <summary>A head of -1: the account has no history yet, and its first push must send -1 (upstream's Jan-Aug 2026 first-sync rule).</summary>
    public const long NoHistory = -1;

    /// <summary>
    /// Moves the cursor; it only ever moves forward, except that a cursor that has applied nothing (0) takes
    /// the server's <see cref="NoHistory"/> head, so the first push sends it back.
    /// </summary>
    public static Task AdvanceCursorAsync(this SqliteConnection connection, long timestamp, CancellationToken ct) =>
        connection.ExecuteAsync(
            "UPDATE sync_metadata SET last_mutation_at = CASE WHEN $t = $none AND last_mutation_at <= 0 THEN $none ELSE MAX(last_mutation_at, $t) END WHERE id = 1",
            ct, ("$t", timestamp), ("$none", NoHistory));

    public static Task MarkAttemptAsync(this SqliteConnection connection, long at, CancellationToken ct) =>
        connection.ExecuteAsync("UPDATE sync_metadata SET last_sync_attempt = $t WHERE id = 1", ct, ("$t", at));

    /// <summary>Back to a new device's metadata: no cursor, no resync, no sync times, no origin.</summary>
    public static Task ClearMetadataAsync(this SqliteConnection connection, CancellationToken ct) =>
        connection.ExecuteAsync(
            """
            UPDATE sync_metadata SET last_mutation_at = 0, resyncing = 0, last_sync_attempt = NULL, last_successful_sync = NULL,
              origin_server = NULL, origin_account = NULL
            WHERE id = 1
            """,
            ct);

    public static Task MarkSuccessAsync(this SqliteConnection connection, long at, CancellationToken ct) =>
        connection.ExecuteAsync("UPDATE sync_metadata SET last_successful_sync = $t WHERE id = 1", ct, ("$t", at));
}
