using System.Text.Json;
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
            var timestamp = TimestampOf(ack, result);
            await AcknowledgeAsync(connection, batch.Mutations[i], ack, timestamp, pulledPast: timestamp <= cursor, changes, ct).ConfigureAwait(false);
        }

        await connection.DissolveBatchAsync(batch.IdempotencyKey, ct).ConfigureAwait(false);
        if (result.Mutations.Count > 0)
        {
            await connection.AdvanceCursorAsync(TimestampOf(result.Mutations[^1], result), ct).ConfigureAwait(false);
        }

        return changes;
    }

    /// <summary>
    /// One mutation acknowledged by <paramref name="ack"/> (the server's reply, or its echo found by a pull) at
    /// <paramref name="timestamp"/>: it leaves the queue, a CREATE's local id becomes the server's, and the
    /// server's version is stored. <paramref name="pulledPast"/>: the pull already went past this entry.
    /// </summary>
    public static async Task AcknowledgeAsync(
        SqliteConnection connection, QueuedMutation mutation, SyncMutation ack, long timestamp, bool pulledPast, List<ResourceChange> changes, CancellationToken ct)
    {
        await connection.RemoveQueuedAsync(mutation.Id, ct).ConfigureAwait(false);
        var data = ack.Data.ValueKind == JsonValueKind.Object ? JsonNode.Parse(ack.Data.GetRawText())!.AsObject() : null;
        string serverId;
        if (mutation.Resource == ResourceNames.CollectionBookmark)
        {
            (serverId, data) = Link(mutation, ack, data, timestamp);
        }
        else
        {
            // AckCheck has made sure a CREATE's ack names an id, and an UPDATE's or DELETE's the one sent.
            serverId = ack.ResourceId!;
        }

        if (mutation.Type == MutationTypes.Create && mutation.ResourceId != serverId)
        {
            await RenameAsync(connection, mutation.Resource, mutation.ResourceId, serverId, pulledPast, changes, ct).ConfigureAwait(false);
        }

        await SettleAsync(connection, mutation, serverId, data, timestamp, changes, ct).ConfigureAwait(false);
    }

    /// <summary>An ack's timestamp, optional upstream: without one, the batch's head dates it.</summary>
    private static long TimestampOf(SyncMutation ack, PushResult result) => ack.Timestamp > 0 ? ack.Timestamp : result.LastMutationAt;

    /// <summary>
    /// A link's id and server data from its ack, which may name the bookmark in data (<c>bookmarkId</c>,
    /// <c>bookmark_id</c>), by composite id, or not at all (a CREATE sent by place): then it is the
    /// bookmark this device sent the place of. AckCheck has made sure whatever it names agrees.
    /// </summary>
    private static (string Id, JsonObject Data) Link(QueuedMutation mutation, SyncMutation ack, JsonObject? ackData, long timestamp)
    {
        var collectionId = mutation.Data["collectionId"]!.GetValue<string>();
        var bookmarkId = ServerData.LinkBookmarkId(ackData, ack.ResourceId, collectionId) ?? mutation.Data["bookmarkId"]!.GetValue<string>();
        var data = new JsonObject { ["collectionId"] = collectionId, ["bookmarkId"] = bookmarkId };
        foreach (var name in (ReadOnlySpan<string>)[ClientTimes.Created, ClientTimes.Updated])
        {
            if (ackData?[name] is { } time)
            {
                data[name] = time.DeepClone();
            }
        }

        ClientTimes.Normalize(data, timestamp);
        return (LocalResource.LinkId(data), data);
    }

    /// <summary>
    /// Stores the server's word on one record, unless later local changes are still queued for it. The
    /// ack's data, if it has any, may be partial or in another deployment's shape.
    /// </summary>
    private static async Task SettleAsync(
        SqliteConnection connection, QueuedMutation mutation, string id, JsonObject? ackData, long timestamp, List<ResourceChange> changes, CancellationToken ct)
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

        var serverData = ServerVersion(mutation, row, ackData, timestamp);
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
    /// The server's version of the record after this mutation: what this device sent applied to the
    /// version the server had confirmed, with what the ack says on top. A bookmark is read through
    /// <see cref="ServerData.Bookmark"/>, so a field the ack leaves out or names otherwise
    /// (<c>bookmarkType</c>, no mushaf) never turns it into another bookmark.
    /// </summary>
    private static JsonObject ServerVersion(QueuedMutation mutation, LocalResource row, JsonObject? ackData, long timestamp)
    {
        var sent = row.ServerData?.DeepClone().AsObject() ?? [];
        foreach (var (name, value) in mutation.Data)
        {
            sent[name] = value?.DeepClone();
        }

        if (mutation.Resource == ResourceNames.Bookmark)
        {
            return ServerData.Bookmark(ackData ?? [], sent, timestamp);
        }

        foreach (var (name, value) in ackData ?? [])
        {
            sent[name] = value?.DeepClone();
        }

        ClientTimes.Normalize(sent, timestamp);
        return sent;
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

        await connection.RenameQueuedAsync(resource, localId, serverId, ct).ConfigureAwait(false);
        await connection.RenameFailedAsync(resource, localId, serverId, ct).ConfigureAwait(false);
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
        var rows = await connection.LinkIdsOfAsync(field == "collectionId" ? ResourceNames.Collection : ResourceNames.Bookmark, localId, ct).ConfigureAwait(false);
        foreach (var oldId in rows)
        {
            var link = (await connection.GetAsync(ResourceNames.CollectionBookmark, oldId, ct).ConfigureAwait(false))!;
            var data = link.Data.DeepClone().AsObject();
            data[field] = serverId;
            var newId = LocalResource.LinkId(data);
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
                await connection.ReplaceQueuedAsync(queued with { Data = data, ResourceId = LocalResource.LinkId(data) }, ct).ConfigureAwait(false);
            }
        }
    }
}
