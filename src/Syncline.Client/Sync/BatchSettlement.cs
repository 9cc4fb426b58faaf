using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Syncline.Client.Store;
using Syncline.Protocol;

namespace Syncline.Client.Sync;

/// <summary>
/// Learns what became of a batch that may have been applied when a resend cannot tell: the server keeps
/// no idempotency keys (the upstream profile), or the batch was first sent longer ago than a server keeps
/// its reply. Resending would apply it twice. Instead the pull settles it: the pull starts at the cursor
/// the batch was sent with, so if the server applied the batch its entries are in the pull, and each page,
/// before it is applied, gives the batch's mutations their echoes (<see cref="BatchEchoes"/>). A matched
/// mutation is acknowledged as its lost reply would have done; the page is applied without its echoes,
/// so they are not taken for another device's records; the last page puts what never matched back in the
/// queue, to be sent as usual, but only when the pull began long enough after the batch's last send
/// (<see cref="SyncClientOptions.LostPushWindow"/>): a send whose answer was lost may still be on its way, held
/// by a proxy or a slow network, and be applied after a pull that showed none of it (upstream simulation seed
/// 297: the batch went back to the queue, its CREATE and a later DELETE of the note folded away, and then the
/// late request created the note). Until then the batch waits, still settling, and later pulls settle it.
/// </summary>
/// <remarks>
/// Crash safety: each page settles what it can in the transaction that applies it and moves the cursor;
/// the batch keeps only what is still unsettled and is never sent again (its <c>settling</c> mark), so a
/// sync stopped anywhere resumes the pull from the cursor and neither loses nor repeats a mutation.
/// </remarks>
internal static class BatchSettlement
{
    /// <summary>
    /// How long after its first send a batch's reply is surely still kept: Syncline's server keeps one for
    /// 24 hours (<c>PushTransaction.ReplyLifetime</c>); an hour less leaves room for clock drift.
    /// </summary>
    public static readonly TimeSpan ReplyKept = TimeSpan.FromHours(23);

    /// <summary>Applied by the page's settlement: the entries still to apply, the changes made, how many mutations were acknowledged.</summary>
    public sealed record Settled(IReadOnlyList<SyncMutation> Unsettled, IReadOnlyList<ResourceChange> Changes, int Acknowledged);

    /// <summary>
    /// Marks the batch in flight for settlement by pulling when a resend could apply it twice. Returns whether
    /// a batch is being settled (then the next pull settles it, and nothing may send it).
    /// </summary>
    /// <param name="connection">The open write transaction's connection.</param>
    /// <param name="serverKeepsReplies">The server answers a resent Idempotency-Key with its stored reply.</param>
    /// <param name="now">Local Unix milliseconds.</param>
    /// <param name="ct">Cancellation.</param>
    public static async Task<bool> BeginIfDueAsync(SqliteConnection connection, bool serverKeepsReplies, long now, CancellationToken ct)
    {
        if (await connection.InFlightAsync(ct).ConfigureAwait(false) is not { } batch)
        {
            return false;
        }

        if (batch.Settling)
        {
            return true;
        }

        var replyGone = !serverKeepsReplies || now - batch.FirstSentAt >= (long)ReplyKept.TotalMilliseconds;
        if (!batch.MaybeApplied || !replyGone)
        {
            return false;
        }

        await connection.MarkSettlingAsync(batch.IdempotencyKey, ct).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Settles the batch against one pulled page, inside the page's transaction and before the page is applied.
    /// With no batch being settled, the page is returned whole.
    /// </summary>
    /// <param name="connection">The open write transaction's connection.</param>
    /// <param name="entries">The page, in timestamp order.</param>
    /// <param name="last">The last page of the pull: what is still unsettled was not applied, and goes back to the queue, if no send can still arrive.</param>
    /// <param name="arrivedBy">Local time by which every send of the batch has either reached the server or never will: the pull began <see cref="SyncClientOptions.LostPushWindow"/> after it.</param>
    /// <param name="ct">Cancellation.</param>
    public static async Task<Settled> SettlePageAsync(SqliteConnection connection, IReadOnlyList<SyncMutation> entries, bool last, long arrivedBy, CancellationToken ct)
    {
        if (await connection.InFlightAsync(ct).ConfigureAwait(false) is not { Settling: true } batch)
        {
            return new Settled(entries, [], 0);
        }

        var items = JsonNode.Parse(batch.Body)!["mutations"]!.AsArray();
        var sent = batch.Mutations.Select((m, i) => new BatchEchoes.Sent(m, items[i]!.AsObject())).ToList();
        var known = new HashSet<(string Resource, string Id)>();
        foreach (var group in entries.Where(e => e.ResourceId is not null).GroupBy(e => e.Resource))
        {
            foreach (var id in await connection.ExistingAsync(group.Key, group.Select(e => e.ResourceId!), ct).ConfigureAwait(false))
            {
                known.Add((group.Key, id));
            }
        }

        var places = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var bookmarkId in sent.Select(s => s.Mutation).Where(m => m.Resource == ResourceNames.CollectionBookmark).Select(m => m.Data["bookmarkId"]?.GetValue<string>()).OfType<string>())
        {
            if (await connection.GetAsync(ResourceNames.Bookmark, bookmarkId, ct).ConfigureAwait(false) is { } bookmark)
            {
                places[bookmarkId] = BatchEchoes.PlaceOf(bookmark);
            }
        }

        var matches = BatchEchoes.Match(sent, entries, known, places);
        var changes = new List<ResourceChange>();
        for (var i = 0; i < sent.Count; i++)
        {
            if (matches[i] >= 0)
            {
                var ack = BatchEchoes.AsAcknowledgement(sent[i], entries[matches[i]]);
                await Reconciler.AcknowledgeAsync(connection, sent[i].Mutation, ack, ack.Timestamp, pulledPast: false, changes, ct).ConfigureAwait(false);
            }
        }

        var unsettled = Enumerable.Range(0, sent.Count).Where(i => matches[i] < 0).ToList();
        // A record pulled without this batch's change in it did not get the change (a pull gives each record once,
        // as it stands): the change goes back to the queue before the page is applied, so the page meets it as any
        // local change, under the conflict policy. Kept in the batch, the page would pass over it, and the resend
        // would overwrite the pulled version whatever the policy says.
        var final = last && batch.LastSentAt <= arrivedBy;
        var met = final ? unsettled : [.. unsettled.Where(i => NamesAnEntry(sent[i].Mutation, entries))];
        var kept = unsettled.Except(met).ToList();
        if (kept.Count == 0)
        {
            await connection.DissolveBatchAsync(batch.IdempotencyKey, ct).ConfigureAwait(false);
        }
        else if (kept.Count < sent.Count)
        {
            await connection.ReleaseFromBatchAsync(met.Select(i => sent[i].Mutation.Id), ct).ConfigureAwait(false);
            await connection.KeepInBatchAsync(batch, kept, ct).ConfigureAwait(false);
        }

        var echoes = matches.Where(j => j >= 0).ToHashSet();
        return new Settled([.. entries.Where((_, j) => !echoes.Contains(j))], changes, sent.Count - unsettled.Count);
    }

    /// <summary>Whether the page holds an entry for the record an UPDATE, a DELETE or a link change names (a CREATE's record is new).</summary>
    private static bool NamesAnEntry(QueuedMutation mutation, IReadOnlyList<SyncMutation> entries)
    {
        if (mutation.Resource == ResourceNames.CollectionBookmark)
        {
            var pair = (mutation.Data["collectionId"]?.GetValue<string>(), mutation.Data["bookmarkId"]?.GetValue<string>());
            return entries.Any(e => e.Resource == mutation.Resource && e.Data.ValueKind == System.Text.Json.JsonValueKind.Object
                && (Text(e.Data, "collectionId"), Text(e.Data, "bookmarkId")) == pair);
        }

        return mutation.Type != MutationTypes.Create && entries.Any(e => e.Resource == mutation.Resource && e.ResourceId == mutation.ResourceId);
    }

    private static string? Text(System.Text.Json.JsonElement data, string name) =>
        data.TryGetProperty(name, out var value) && value.ValueKind == System.Text.Json.JsonValueKind.String ? value.GetString() : null;
}
