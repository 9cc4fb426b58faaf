using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Syncline.Client.Store;
using Syncline.Protocol;

namespace Syncline.Client.Sync;

/// <summary>
/// Chooses what the next push carries and persists it before it is sent: the batch in flight if
/// there is one (resent unchanged), else the coalesced queue, parents before children, up to the
/// batch size, leaving out anything that still names a local id (it waits for the push that
/// names it). Runs inside a write transaction.
/// </summary>
internal static class PushPlanner
{
    /// <summary>Why a link CREATE that <see cref="ILinkEncoding"/> cannot encode is in the failed list.</summary>
    public const string UnsendableLink = "Its bookmark is no longer on this device, and this server links a bookmark by its place: link the bookmark again to retry";

    /// <param name="connection">The open write transaction's connection.</param>
    /// <param name="maxSize">The most mutations in the batch.</param>
    /// <param name="now">For the batch's record.</param>
    /// <param name="coalesce">Fold the queue first (once per push phase: folding reads the whole queue).</param>
    /// <param name="links">How links go on the wire (the server profile's choice).</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>The batch to send (null when nothing is ready), and how many changes went to the failed list instead.</returns>
    public static async Task<(PushBatch? Batch, int Failed)> NextAsync(SqliteConnection connection, int maxSize, long now, bool coalesce, ILinkEncoding links, CancellationToken ct)
    {
        if (await connection.InFlightAsync(ct).ConfigureAwait(false) is { } inFlight)
        {
            return (inFlight, 0);
        }

        if (coalesce)
        {
            await ApplyCoalescingAsync(connection, ct).ConfigureAwait(false);
        }

        var key = Guid.NewGuid().ToString("N");
        var items = new JsonArray();
        var sent = new List<QueuedMutation>();
        var failed = 0;
        while (sent.Count == 0)
        {
            var chosen = await connection.NextUnsentAsync(IsReady, maxSize, ct).ConfigureAwait(false);
            if (chosen.Count == 0)
            {
                return (null, failed);
            }

            foreach (var mutation in chosen)
            {
                if (await ToWireAsync(connection, mutation, links, ct).ConfigureAwait(false) is { } item)
                {
                    items.Add(item);
                    sent.Add(mutation with { BatchKey = key });
                }
                else
                {
                    // One item the server cannot be told would have it refuse the whole batch: it fails alone.
                    await connection.MoveToFailedAsync(mutation, UnsendableLink, now, ct).ConfigureAwait(false);
                    failed++;
                }
            }
        }

        var body = new JsonObject { ["mutations"] = items }.ToJsonString();
        var batch = new PushBatch(key, body, sent);
        await connection.SaveBatchAsync(batch, now, ct).ConfigureAwait(false);
        return (batch, failed);
    }

    /// <summary>Whether a mutation names only server ids (a CREATE's own id is the server's to assign).</summary>
    public static bool IsReady(QueuedMutation m)
    {
        if (m.Resource == ResourceNames.CollectionBookmark)
        {
            return !LocalIds.IsLocal(m.Data["collectionId"]?.GetValue<string>() ?? string.Empty)
                && !LocalIds.IsLocal(m.Data["bookmarkId"]?.GetValue<string>() ?? string.Empty);
        }

        return m.Type == MutationTypes.Create || !LocalIds.IsLocal(m.ResourceId);
    }

    private static async Task ApplyCoalescingAsync(SqliteConnection connection, CancellationToken ct)
    {
        var onServer = await connection.OnServerWithQueuedAsync(ct).ConfigureAwait(false);
        var plan = QueueCoalescing.Coalesce(await connection.QueuedAsync(ct).ConfigureAwait(false), onServer);
        foreach (var id in plan.Dropped)
        {
            await connection.RemoveQueuedAsync(id, ct).ConfigureAwait(false);
        }

        foreach (var mutation in plan.Rewritten)
        {
            await connection.ReplaceQueuedAsync(mutation, ct).ConfigureAwait(false);
        }

        foreach (var (resource, id) in plan.Vanished)
        {
            await connection.RemoveAsync(resource, id, ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The request item of a mutation. CREATE carries <c>clientCreatedAt</c> (when the record was made here)
    /// and CREATE and UPDATE <c>clientUpdatedAt</c> (of the latest write folded into it), as the upstream
    /// service expects; a DELETE of a collection, bookmark or note carries no data, a link's DELETE no times.
    /// </summary>
    private static async Task<JsonObject?> ToWireAsync(SqliteConnection connection, QueuedMutation m, ILinkEncoding links, CancellationToken ct)
    {
        JsonObject item;
        if (m.Resource == ResourceNames.CollectionBookmark)
        {
            if (await links.ToWireAsync(connection, m, ct).ConfigureAwait(false) is not { } link)
            {
                return null;
            }

            item = link;
        }
        else
        {
            item = new JsonObject { ["type"] = m.Type, ["resource"] = m.Resource };
            if (m.Type != MutationTypes.Create)
            {
                item["resourceId"] = m.ResourceId;
            }

            if (m.Type != MutationTypes.Delete)
            {
                item["data"] = m.Data.DeepClone();
            }
        }

        if (m.Type != MutationTypes.Delete && item["data"] is JsonObject data)
        {
            if (m.Type == MutationTypes.Create)
            {
                var row = await connection.GetAsync(m.Resource, m.ResourceId, ct).ConfigureAwait(false);
                data[ClientTimes.Created] = ClientTimes.TryRead(m.Data[ClientTimes.Created], out var created)
                    ? ClientTimes.Format(created)
                    : ClientTimes.Format(row?.CreatedAt ?? m.CreatedAt);
            }
            else
            {
                data.Remove(ClientTimes.Created);
            }

            // A write that states its own time (a reading session's move) keeps it; otherwise the time it was queued.
            data[ClientTimes.Updated] = ClientTimes.Format(ClientTimes.TryRead(m.Data[ClientTimes.Updated], out var updated) ? updated : m.CreatedAt);
        }

        return item;
    }
}
