using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Syncline.Client.Store;
using Syncline.Protocol;

namespace Syncline.Client.Resources;

/// <summary>
/// One local write: each change updates the resource row and appends to the mutation queue in the
/// same SQLite transaction, so a write that returned is in both or in neither.
/// </summary>
internal sealed class LocalTransaction(SqliteConnection connection, long now)
{
    private readonly List<ResourceChange> _changes = [];

    public SqliteConnection Connection => connection;

    public IReadOnlyList<ResourceChange> Changes => _changes;

    public async Task<LocalResource> CreateAsync(string resource, string id, JsonObject fields, CancellationToken ct)
    {
        var row = new LocalResource(resource, id, fields, SyncStatus.PendingCreate, now, null, CreatedAt: now);
        await connection.SaveAsync(row, ct).ConfigureAwait(false);
        await connection.EnqueueAsync(MutationTypes.Create, resource, id, fields, now, ct).ConfigureAwait(false);
        _changes.Add(new ResourceChange(resource, id, ChangeKind.Created, ChangeOrigin.Local));
        return row;
    }

    /// <summary>Merges <paramref name="fields"/> into the row and queues an UPDATE of just those fields.</summary>
    public async Task<LocalResource> UpdateAsync(LocalResource row, JsonObject fields, CancellationToken ct)
    {
        var data = row.Data.DeepClone().AsObject();
        foreach (var (name, value) in fields)
        {
            data[name] = value?.DeepClone();
        }

        var updated = row with
        {
            Data = data,
            Status = row.Status == SyncStatus.PendingCreate ? SyncStatus.PendingCreate : SyncStatus.PendingUpdate,
            LocalUpdatedAt = now,
        };
        await connection.SaveAsync(updated, ct).ConfigureAwait(false);
        await connection.EnqueueAsync(MutationTypes.Update, row.Resource, row.Id, fields, now, ct).ConfigureAwait(false);
        _changes.Add(new ResourceChange(row.Resource, row.Id, ChangeKind.Updated, ChangeOrigin.Local));
        return updated;
    }

    /// <summary>
    /// Hides the row until the server acknowledges the DELETE. A deleted collection or bookmark takes
    /// its links with it locally, as the server will: those links need no DELETE of their own. Links
    /// the server has are hidden, not removed, so they come back if the DELETE is undone (it loses a
    /// conflict, or is discarded from the failed list); the server's cascade removes them for good.
    /// </summary>
    public async Task DeleteAsync(LocalResource row, CancellationToken ct)
    {
        var data = row.Resource == ResourceNames.CollectionBookmark
            ? new JsonObject { ["collectionId"] = row.CollectionId, ["bookmarkId"] = row.BookmarkId }
            : [];
        await connection.SaveAsync(row with { Status = SyncStatus.PendingDelete, LocalUpdatedAt = now }, ct).ConfigureAwait(false);
        await connection.EnqueueAsync(MutationTypes.Delete, row.Resource, row.Id, data, now, ct).ConfigureAwait(false);
        _changes.Add(new ResourceChange(row.Resource, row.Id, ChangeKind.Deleted, ChangeOrigin.Local));

        var links = row.Resource switch
        {
            ResourceNames.Collection => await connection.LinksAsync(row.Id, null, ct).ConfigureAwait(false),
            ResourceNames.Bookmark => await connection.LinksAsync(null, row.Id, ct).ConfigureAwait(false),
            _ => [],
        };
        foreach (var link in links)
        {
            if (link.ServerData is null)
            {
                await connection.RemoveAsync(link.Resource, link.Id, ct).ConfigureAwait(false);
            }
            else
            {
                await connection.SaveAsync(link with { Status = SyncStatus.PendingDelete }, ct).ConfigureAwait(false);
            }

            foreach (var queued in await connection.QueuedForAsync(link.Resource, link.Id, ct).ConfigureAwait(false))
            {
                if (queued.BatchKey is null)
                {
                    await connection.RemoveQueuedAsync(queued.Id, ct).ConfigureAwait(false);
                }
            }

            _changes.Add(new ResourceChange(link.Resource, link.Id, ChangeKind.Deleted, ChangeOrigin.Local));
        }
    }
}
