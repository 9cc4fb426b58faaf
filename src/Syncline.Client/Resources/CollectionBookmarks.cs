using System.Text.Json.Nodes;
using Syncline.Client.Store;
using Syncline.Protocol;
using Syncline.Protocol.Validation;

namespace Syncline.Client;

/// <summary>Which bookmarks are in which collections.</summary>
public sealed class CollectionBookmarks
{
    private readonly Resources.LocalWriter _writer;

    internal CollectionBookmarks(Resources.LocalWriter writer) => _writer = writer;

    /// <summary>Every membership, or those of one collection.</summary>
    public Task<IReadOnlyList<CollectionBookmark>> ListAsync(string? collectionId = null, CancellationToken cancellationToken = default) =>
        _writer.ReadAsync<IReadOnlyList<CollectionBookmark>>(async (c, ct) =>
        {
            var rows = collectionId is null
                ? await c.ListAsync(ResourceNames.CollectionBookmark, ct).ConfigureAwait(false)
                : await c.LinksAsync(collectionId, null, ct).ConfigureAwait(false);
            return [.. rows.Select(ToLink)];
        }, cancellationToken);

    /// <summary>Puts a bookmark in a collection (a no-op when it is there already).</summary>
    public Task<CollectionBookmark> AddAsync(string collectionId, string bookmarkId, CancellationToken cancellationToken = default) =>
        _writer.WriteAsync(async (tx, ct) =>
        {
            // Favorites exists on the server from the first push, so it may not be here yet.
            if (collectionId != CollectionRules.DefaultId)
            {
                await tx.Connection.RequireAsync(ResourceNames.Collection, collectionId, ct).ConfigureAwait(false);
            }

            var bookmark = await tx.Connection.RequireAsync(ResourceNames.Bookmark, bookmarkId, ct).ConfigureAwait(false);
            if (collectionId == CollectionRules.DefaultId && bookmark.Data["type"]?.GetValue<string>() != "ayah")
            {
                throw new SynclineValidationException("Only ayah bookmarks can be added to the default collection");
            }

            var id = LinkRules.CompositeId(collectionId, bookmarkId);
            var previous = await tx.Connection.GetAsync(ResourceNames.CollectionBookmark, id, ct).ConfigureAwait(false);
            if (previous is { Status: not SyncStatus.PendingDelete })
            {
                return ToLink(previous);
            }

            var fields = new JsonObject { ["collectionId"] = collectionId, ["bookmarkId"] = bookmarkId };
            var created = await tx.CreateAsync(ResourceNames.CollectionBookmark, id, fields, ct).ConfigureAwait(false);
            if (previous?.ServerData is not null)
            {
                // Removed and added back: the server still has this link, and folding the queue must know
                // it (a DELETE after this CREATE has to reach the server). The server keeps its creation time.
                created = created with { ServerTimestamp = previous.ServerTimestamp, ServerData = previous.ServerData, CreatedAt = previous.CreatedAt };
                await tx.Connection.SaveAsync(created, ct).ConfigureAwait(false);
            }

            return ToLink(created);
        }, cancellationToken);

    /// <summary>Takes a bookmark out of a collection.</summary>
    public Task RemoveAsync(string collectionId, string bookmarkId, CancellationToken cancellationToken = default) =>
        _writer.WriteAsync(async (tx, ct) =>
        {
            var id = LinkRules.CompositeId(collectionId, bookmarkId);
            var link = await tx.Connection.GetAsync(ResourceNames.CollectionBookmark, id, ct).ConfigureAwait(false) is { Status: not SyncStatus.PendingDelete } row
                ? row
                : throw new SynclineNotFoundException($"Bookmark {bookmarkId} is not in collection {collectionId}");
            await tx.DeleteAsync(link, ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    private static CollectionBookmark ToLink(LocalResource row) => new(row.CollectionId!, row.BookmarkId!, row.Status);
}
