using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Syncline.Client.Store;
using Syncline.Protocol;

namespace Syncline.Client.Sync;

/// <summary>
/// The answer to the server's 410 <c>CursorTooOld</c>: the server pruned history (log entries,
/// tombstones) this device's cursor still needs, so the device pulls every live record again from 0.
/// Also the answer to a server that is not the one the local data came from (<see cref="ServerChange"/>, a
/// head behind the cursor) and to a reset (<see cref="LocalReset"/>). Queued and failed changes stay. Records the server had confirmed but no longer has were deleted
/// there while this device was away: the synced ones go, those with local changes meet the conflict
/// policy as a pulled DELETE does.
/// </summary>
/// <remarks>
/// Crash safety without a list of ids: the start marks every server-confirmed record unseen in the
/// same transaction that puts the cursor back to 0; each page, in its own transaction, marks what it
/// names as seen and moves the cursor; the last page's transaction also sweeps what is still unseen
/// and clears the flag. (Simpler than persisting a set of seen ids: one UPDATE at the start, and the
/// records made here during the resync are never candidates.) Stopped anywhere, the next
/// sync reads the flag, resumes the pull from the cursor and still ends with the sweep; a second 410
/// starts over from 0, which is correct too. A page's DELETE entry (resumed from a cursor past 0) marks
/// its record seen: the pull already applied it.
/// </remarks>
internal static class FullResync
{
    /// <summary>Whether a failed pull is the server's "cursor too old".</summary>
    public static bool IsCursorTooOld<T>(HttpOutcome<T> outcome) =>
        outcome.Status == HttpStatusCode.Gone && outcome.Error?.Error.Code == SyncErrorKind.Gone.Code();

    /// <summary>
    /// Starts (or starts over) a resync in one transaction. A push batch left over cannot have been
    /// applied (one that may have been holds the pull back until the server answers its key, and a
    /// definite answer settles or dissolves it), so it is dissolved: no push can then be acknowledged
    /// half-way through the resync and move the cursor past pages not yet pulled. Its mutations are
    /// planned again after the resync. A batch being settled by pulling (<see cref="BatchSettlement"/>)
    /// stays: the resync's pages hold its echoes as well.
    /// </summary>
    public static Task BeginAsync(SqliteConnection connection, CancellationToken ct) =>
        BeginAsync(connection, FullResyncReason.HistoryPruned, ct);

    /// <inheritdoc cref="BeginAsync(SqliteConnection, CancellationToken)"/>
    /// <param name="connection">The open write transaction's connection.</param>
    /// <param name="reason">Why, kept with the flag so a resumed resync still says it.</param>
    /// <param name="ct">Cancellation.</param>
    public static async Task BeginAsync(SqliteConnection connection, FullResyncReason reason, CancellationToken ct)
    {
        await connection.DissolveAllBatchesAsync(ct).ConfigureAwait(false);
        await connection.BeginResyncAsync(reason, ct).ConfigureAwait(false);
    }

    /// <summary>Marks the records of a pulled page as seen (inside the page's transaction).</summary>
    public static Task MarkSeenAsync(SqliteConnection connection, IReadOnlyList<SyncMutation> page, CancellationToken ct) =>
        connection.MarkSeenAsync(PullApplier.Records(page), ct);

    /// <summary>
    /// With the last page (in its transaction): the records the full pull did not name are gone from the server. Each is
    /// applied as a pulled DELETE at the head, parents before links as the server orders a cascade, so
    /// the conflict policy decides for those with local changes. One deleted on both sides is settled
    /// here: its queued DELETE could only meet a 404 once the server's tombstone is pruned.
    /// </summary>
    public static async Task<PullApplier.Applied> FinishAsync(SqliteConnection connection, PullApplier applier, long now, CancellationToken ct)
    {
        var head = (await connection.GetMetadataAsync(ct).ConfigureAwait(false)).LastMutationAt;
        var deletes = new List<SyncMutation>();
        foreach (var row in await connection.UnseenAsync(ct).ConfigureAwait(false))
        {
            if (row.Status == SyncStatus.PendingDelete)
            {
                foreach (var mutation in await connection.QueuedForAsync(row.Resource, row.Id, ct).ConfigureAwait(false))
                {
                    await connection.RemoveQueuedAsync(mutation.Id, ct).ConfigureAwait(false);
                }

                await connection.RemoveAsync(row.Resource, row.Id, ct).ConfigureAwait(false);
                continue;
            }

            deletes.Add(new SyncMutation(MutationTypes.Delete, row.Resource, row.Resource == ResourceNames.CollectionBookmark ? null : row.Id, DeleteData(row), head));
        }

        var applied = await applier.ApplyAsync(connection, deletes, now, ct).ConfigureAwait(false);
        await connection.EndResyncAsync(ct).ConfigureAwait(false);
        return applied;
    }

    /// <summary>A DELETE entry's data as the server writes it: <c>{}</c>, or a link's two ids.</summary>
    private static JsonElement DeleteData(LocalResource row)
    {
        var data = row.Resource == ResourceNames.CollectionBookmark
            ? new JsonObject { ["collectionId"] = row.CollectionId, ["bookmarkId"] = row.BookmarkId }
            : [];
        using var document = JsonDocument.Parse(data.ToJsonString());
        return document.RootElement.Clone();
    }
}
