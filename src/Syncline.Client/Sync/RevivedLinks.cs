using Microsoft.Data.Sqlite;
using Syncline.Client.Store;
using Syncline.Protocol;

namespace Syncline.Client.Sync;

/// <summary>
/// A collection or bookmark kept against another device's DELETE comes back as a new record under a
/// new local id; its memberships come back with it. The server dropped the old links with the record
/// (their DELETEs follow in the log and then find nothing here), so each link the app still shows is
/// queued as a CREATE under the new id, and one the app had removed is let go.
/// </summary>
internal static class RevivedLinks
{
    public static async Task<IReadOnlyList<ResourceChange>> FollowAsync(
        SqliteConnection connection, string resource, string oldId, string newId, long now, CancellationToken ct)
    {
        if (resource is not (ResourceNames.Collection or ResourceNames.Bookmark))
        {
            return [];
        }

        var field = resource == ResourceNames.Collection ? "collectionId" : "bookmarkId";
        var linkIds = await connection.LinkIdsOfAsync(resource, oldId, ct).ConfigureAwait(false);
        var changes = new List<ResourceChange>();
        foreach (var linkId in linkIds)
        {
            var link = (await connection.GetAsync(ResourceNames.CollectionBookmark, linkId, ct).ConfigureAwait(false))!;
            foreach (var queued in await connection.QueuedForAsync(link.Resource, linkId, ct).ConfigureAwait(false))
            {
                // A batch in flight is resent unchanged; the server answers for it.
                if (queued.BatchKey is null)
                {
                    await connection.RemoveQueuedAsync(queued.Id, ct).ConfigureAwait(false);
                }
            }

            await connection.RemoveAsync(link.Resource, linkId, ct).ConfigureAwait(false);
            if (link.Status == SyncStatus.PendingDelete)
            {
                continue;
            }

            var data = link.Data.DeepClone().AsObject();
            data[field] = newId;
            var revived = link with { Id = LocalResource.LinkId(data), Data = data, Status = SyncStatus.PendingCreate, LocalUpdatedAt = now, ServerTimestamp = null, ServerData = null };
            await connection.SaveAsync(revived, ct).ConfigureAwait(false);
            await connection.EnqueueAsync(MutationTypes.Create, revived.Resource, revived.Id, data, now, ct).ConfigureAwait(false);
            changes.Add(new ResourceChange(revived.Resource, revived.Id, ChangeKind.IdChanged, ChangeOrigin.Remote, linkId));
        }

        return changes;
    }
}
