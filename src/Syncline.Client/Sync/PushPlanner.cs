using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Syncline.Client.Store;
using Syncline.Protocol;
using Syncline.Protocol.Validation;

namespace Syncline.Client.Sync;

/// <summary>
/// Chooses what the next push carries and persists it before it is sent: the batch in flight if
/// there is one (resent unchanged), else the coalesced queue, parents before children, up to the
/// batch size, leaving out anything that still names a local id (it waits for the push that
/// names it). Runs inside a write transaction.
/// </summary>
internal static class PushPlanner
{
    /// <param name="connection">The open write transaction's connection.</param>
    /// <param name="maxSize">The most mutations in the batch.</param>
    /// <param name="now">For the batch's record.</param>
    /// <param name="coalesce">Fold the queue first (once per push phase: folding reads the whole queue).</param>
    /// <param name="ct">Cancellation.</param>
    public static async Task<PushBatch?> NextAsync(SqliteConnection connection, int maxSize, long now, bool coalesce, CancellationToken ct)
    {
        if (await connection.InFlightAsync(ct).ConfigureAwait(false) is { } inFlight)
        {
            return inFlight;
        }

        if (coalesce)
        {
            await ApplyCoalescingAsync(connection, ct).ConfigureAwait(false);
        }

        var chosen = await connection.NextUnsentAsync(IsReady, maxSize, ct).ConfigureAwait(false);
        if (chosen.Count == 0)
        {
            return null;
        }

        var key = Guid.NewGuid().ToString("N");
        var body = new JsonObject { ["mutations"] = new JsonArray([.. chosen.Select(ToWire)]) }.ToJsonString();
        var batch = new PushBatch(key, body, [.. chosen.Select(m => m with { BatchKey = key })]);
        await connection.SaveBatchAsync(batch, now, ct).ConfigureAwait(false);
        return batch;
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
        var onServer = await connection.QueryAsync(
            """
            SELECT resource, id FROM resources
            WHERE server_data IS NOT NULL
              AND EXISTS (SELECT 1 FROM mutation_queue q WHERE q.resource = resources.resource AND q.resource_id = resources.id)
            """,
            r => (r.GetString(0), r.GetString(1)),
            ct).ConfigureAwait(false);
        var plan = QueueCoalescing.Coalesce(await connection.QueuedAsync(ct).ConfigureAwait(false), onServer.ToHashSet());
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

    private static JsonObject ToWire(QueuedMutation m)
    {
        var item = new JsonObject { ["type"] = m.Type, ["resource"] = m.Resource };
        if (m.Resource == ResourceNames.CollectionBookmark)
        {
            item["data"] = new JsonObject { ["collectionId"] = m.Data["collectionId"]?.DeepClone(), ["bookmarkId"] = m.Data["bookmarkId"]?.DeepClone() };
            return item;
        }

        if (m.Type != MutationTypes.Create)
        {
            item["resourceId"] = m.ResourceId;
        }

        if (m.Type != MutationTypes.Delete)
        {
            item["data"] = m.Data.DeepClone();
        }

        return item;
    }

    /// <summary>The composite id of a link, from its data.</summary>
    public static string LinkId(JsonObject data) =>
        LinkRules.CompositeId(data["collectionId"]!.GetValue<string>(), data["bookmarkId"]!.GetValue<string>());
}
