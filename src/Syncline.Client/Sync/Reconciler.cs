using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Syncline.Client.Store;
using Syncline.Protocol;

namespace Syncline.Client.Sync;

/// <summary>
/// Applies a push's acknowledgement in one transaction: local ids become server ids everywhere
/// they occur (the record, queued mutations, links and their references), server data and
/// timestamps are stored, the batch leaves the queue, and the cursor moves to the last
/// acknowledged timestamp (never backwards: a replayed response may be older than the cursor).
/// </summary>
internal static class Reconciler
{
    /// <param name="connection">The open write transaction's connection.</param>
    /// <param name="batch">The batch as sent.</param>
    /// <param name="result">The server's acknowledgement (maybe a replay of an older one).</param>
    /// <param name="cursor">The cursor when the batch was sent: acknowledged entries at or below it were already pulled.</param>
    /// <param name="ct">Cancellation.</param>
    public static async Task<IReadOnlyList<ResourceChange>> ReconcileAsync(
        SqliteConnection connection, PushBatch batch, PushResult result, long cursor, CancellationToken ct)
    {
        var changes = new List<ResourceChange>();
        for (var i = 0; i < batch.Mutations.Count; i++)
        {
            var ack = result.Mutations[i];
            await AcknowledgeAsync(connection, batch.Mutations[i], ack, pulledPast: ack.Timestamp <= cursor, changes, ct).ConfigureAwait(false);
        }

        await connection.DissolveBatchAsync(batch.IdempotencyKey, ct).ConfigureAwait(false);
        if (result.Mutations.Count > 0)
        {
            await connection.AdvanceCursorAsync(result.Mutations[^1].Timestamp, ct).ConfigureAwait(false);
        }

        return changes;
    }

    /// <summary>
    /// One mutation acknowledged by <paramref name="ack"/> (the server's reply, or its echo found by a pull): it
    /// leaves the queue, a CREATE's local id becomes the server's, and the server's version is stored.
    /// <paramref name="pulledPast"/>: the pull already went past this entry.
    /// </summary>
    public static async Task AcknowledgeAsync(
        SqliteConnection connection, QueuedMutation mutation, SyncMutation ack, bool pulledPast, List<ResourceChange> changes, CancellationToken ct)
    {
        await connection.RemoveQueuedAsync(mutation.Id, ct).ConfigureAwait(false);
        var data = JsonNode.Parse(ack.Data.GetRawText())!.AsObject();
        var serverId = mutation.Resource == ResourceNames.CollectionBookmark ? PushPlanner.LinkId(data) : ack.ResourceId!;
        if (mutation.Type == MutationTypes.Create && mutation.ResourceId != serverId)
        {
            await RenameAsync(connection, mutation.Resource, mutation.ResourceId, serverId, pulledPast, changes, ct).ConfigureAwait(false);
        }

        await SettleAsync(connection, mutation, serverId, data, ack.Timestamp, changes, ct).ConfigureAwait(false);
    }

    /// <summary>Stores the server's word on one record, unless later local changes are still queued for it.</summary>
    private static async Task SettleAsync(
        SqliteConnection connection, QueuedMutation mutation, string id, JsonObject serverData, long timestamp, List<ResourceChange> changes, CancellationToken ct)
    {
        var row = await connection.GetAsync(mutation.Resource, id, ct).ConfigureAwait(false);
        var stillQueued = (await connection.QueuedForAsync(mutation.Resource, id, ct).ConfigureAwait(false)).Count > 0;
        if (row?.ServerTimestamp > timestamp)
        {
            // A newer server version was pulled already (this acknowledgement is a late replay): it stands.
            if (!stillQueued && row.Status != SyncStatus.Synced)
            {
                // Nothing of ours is pending any more: the newer server version is what the record is.
                await connection.SaveAsync(row with { Data = row.ServerData ?? row.Data, Status = SyncStatus.Synced }, ct).ConfigureAwait(false);
            }

            return;
        }

        if (mutation.Type == MutationTypes.Delete)
        {
            if (row is not null && !stillQueued)
            {
                await connection.RemoveAsync(mutation.Resource, id, ct).ConfigureAwait(false);
            }
            else if (row is not null)
            {
                // A link added back since: the server holds nothing of it now, so it is a new record there.
                await connection.SaveAsync(row with { ServerTimestamp = null, ServerData = null }, ct).ConfigureAwait(false);
            }

            return;
        }

        if (row is null)
        {
            // Deleted here while the push was in flight; its DELETE is queued.
            return;
        }

        // A record the server had never confirmed takes the server's time of its CREATE as its creation
        // time, so every device lists it in the same place.
        var createdAt = mutation.Type == MutationTypes.Create && row.ServerTimestamp is null ? timestamp : row.CreatedAt;
        var settled = stillQueued
            ? row with { ServerTimestamp = timestamp, ServerData = serverData, CreatedAt = createdAt }
            : row with { Data = serverData, Status = SyncStatus.Synced, ServerTimestamp = timestamp, ServerData = serverData, CreatedAt = createdAt };
        await connection.SaveAsync(settled, ct).ConfigureAwait(false);
        changes.Add(new ResourceChange(mutation.Resource, id, ChangeKind.Updated, ChangeOrigin.Acknowledged));
    }

    /// <summary>
    /// Replaces a local id with the server's in the record, queued mutations, links and failed entries.
    /// When the pull already went past this CREATE (<paramref name="pulledPast"/>) and left no record
    /// under the server id, another device deleted it since: the local copy goes too.
    /// </summary>
    private static async Task RenameAsync(
        SqliteConnection connection, string resource, string localId, string serverId, bool pulledPast, List<ResourceChange> changes, CancellationToken ct)
    {
        var row = await connection.GetAsync(resource, localId, ct).ConfigureAwait(false);
        if (row is not null)
        {
            await connection.RemoveAsync(resource, localId, ct).ConfigureAwait(false);
            // The server may already be known here under its id (a pull ran before this acknowledgement, or
            // a second CREATE of one bookmark place merged into the first): keep one record.
            var existing = await connection.GetAsync(resource, serverId, ct).ConfigureAwait(false);
            if (existing is null && pulledPast)
            {
                changes.Add(new ResourceChange(resource, localId, ChangeKind.Deleted, ChangeOrigin.Remote));
            }
            else
            {
                await connection.SaveAsync((existing ?? row) with { Id = serverId, Status = row.Status }, ct).ConfigureAwait(false);
            }
        }

        await connection.ExecuteAsync(
            "UPDATE mutation_queue SET resource_id = $s WHERE resource = $r AND resource_id = $l", ct, ("$s", serverId), ("$r", resource), ("$l", localId)).ConfigureAwait(false);
        await connection.ExecuteAsync(
            "UPDATE failed_mutations SET resource_id = $s WHERE resource = $r AND resource_id = $l", ct, ("$s", serverId), ("$r", resource), ("$l", localId)).ConfigureAwait(false);
        changes.Add(new ResourceChange(resource, serverId, ChangeKind.IdChanged, ChangeOrigin.Acknowledged, localId));

        if (resource is ResourceNames.Collection or ResourceNames.Bookmark)
        {
            await RenameInLinksAsync(connection, resource == ResourceNames.Collection ? "collectionId" : "bookmarkId", localId, serverId, changes, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Links name their collection and bookmark: their rows, ids and queued mutations follow the rename.</summary>
    private static async Task RenameInLinksAsync(
        SqliteConnection connection, string field, string localId, string serverId, List<ResourceChange> changes, CancellationToken ct)
    {
        var column = field == "collectionId" ? "collection_id" : "bookmark_id";
        var rows = await connection.QueryAsync(
            $"SELECT id FROM resources WHERE resource = 'COLLECTION_BOOKMARK' AND {column} = $l", r => r.GetString(0), ct, ("$l", localId)).ConfigureAwait(false);
        foreach (var oldId in rows)
        {
            var link = (await connection.GetAsync(ResourceNames.CollectionBookmark, oldId, ct).ConfigureAwait(false))!;
            var data = link.Data.DeepClone().AsObject();
            data[field] = serverId;
            var newId = PushPlanner.LinkId(data);
            await connection.RemoveAsync(link.Resource, oldId, ct).ConfigureAwait(false);
            await connection.SaveAsync(link with { Id = newId, Data = data }, ct).ConfigureAwait(false);
            changes.Add(new ResourceChange(link.Resource, newId, ChangeKind.IdChanged, ChangeOrigin.Acknowledged, oldId));
        }

        foreach (var queued in await connection.QueuedLinksAsync(ct).ConfigureAwait(false))
        {
            if (queued.Data[field]?.GetValue<string>() == localId)
            {
                var data = queued.Data.DeepClone().AsObject();
                data[field] = serverId;
                await connection.ReplaceQueuedAsync(queued with { Data = data, ResourceId = PushPlanner.LinkId(data) }, ct).ConfigureAwait(false);
            }
        }
    }
}
