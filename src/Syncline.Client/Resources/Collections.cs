using System.Text.Json.Nodes;
using Syncline.Client.Store;
using Syncline.Protocol;

namespace Syncline.Client;

/// <summary>The user's collections: read locally, written offline, pushed on sync.</summary>
public sealed class Collections
{
    private readonly Resources.LocalWriter _writer;

    internal Collections(Resources.LocalWriter writer) => _writer = writer;

    /// <summary>Every collection, oldest first. Favorites (<c>__default__</c>) appears once the server has sent it.</summary>
    public Task<IReadOnlyList<Collection>> ListAsync(CancellationToken cancellationToken = default) =>
        _writer.ReadAsync<IReadOnlyList<Collection>>(
            async (c, ct) => [.. (await c.ListAsync(ResourceNames.Collection, ct).ConfigureAwait(false)).Select(ToCollection)], cancellationToken);

    /// <summary>One collection, or null.</summary>
    public Task<Collection?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        _writer.ReadAsync(async (c, ct) => await c.VisibleAsync(ResourceNames.Collection, id, ct).ConfigureAwait(false) is { } row ? ToCollection(row) : null, cancellationToken);

    /// <summary>Creates a collection (private unless said otherwise).</summary>
    public Task<Collection> CreateAsync(string name, bool isPrivate = true, CancellationToken cancellationToken = default)
    {
        var fields = Resources.LocalValidation.Fields(
            MutationTypes.Create, ResourceNames.Collection, null, new JsonObject { ["name"] = name, ["isPrivate"] = isPrivate });
        return _writer.WriteAsync(
            async (tx, ct) => ToCollection(await tx.CreateAsync(ResourceNames.Collection, LocalIds.New(), fields, ct).ConfigureAwait(false)),
            cancellationToken);
    }

    /// <summary>Renames a collection.</summary>
    public Task<Collection> RenameAsync(string id, string name, CancellationToken cancellationToken = default) =>
        UpdateAsync(id, new JsonObject { ["name"] = name }, cancellationToken);

    /// <summary>Makes a collection private or public.</summary>
    public Task<Collection> SetPrivateAsync(string id, bool isPrivate, CancellationToken cancellationToken = default) =>
        UpdateAsync(id, new JsonObject { ["isPrivate"] = isPrivate }, cancellationToken);

    /// <summary>Deletes a collection; its bookmarks stay, their membership goes.</summary>
    public Task DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        Resources.LocalValidation.Fields(MutationTypes.Delete, ResourceNames.Collection, id, []);
        return _writer.WriteAsync(async (tx, ct) =>
        {
            await tx.DeleteAsync(await tx.Connection.RequireAsync(ResourceNames.Collection, id, ct).ConfigureAwait(false), ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    /// <summary>The bookmarks in a collection, in the order they were added.</summary>
    public Task<IReadOnlyList<Bookmark>> BookmarksOfAsync(string collectionId, CancellationToken cancellationToken = default) =>
        _writer.ReadAsync<IReadOnlyList<Bookmark>>(async (c, ct) =>
        {
            var bookmarks = new List<Bookmark>();
            foreach (var link in await c.LinksAsync(collectionId, null, ct).ConfigureAwait(false))
            {
                if (await c.GetAsync(ResourceNames.Bookmark, link.BookmarkId!, ct).ConfigureAwait(false) is { Status: not SyncStatus.PendingDelete } row)
                {
                    bookmarks.Add(Bookmarks.ToBookmark(row));
                }
            }

            return bookmarks;
        }, cancellationToken);


    private Task<Collection> UpdateAsync(string id, JsonObject data, CancellationToken cancellationToken)
    {
        var fields = Resources.LocalValidation.Fields(MutationTypes.Update, ResourceNames.Collection, id, data);
        return _writer.WriteAsync(async (tx, ct) =>
        {
            var row = await tx.Connection.RequireAsync(ResourceNames.Collection, id, ct).ConfigureAwait(false);
            var updated = await tx.UpdateAsync(row, fields, ct).ConfigureAwait(false);
            return ToCollection(updated);
        }, cancellationToken);
    }

    private static Collection ToCollection(LocalResource row) => new(
        row.Id,
        row.Data["name"]?.GetValue<string>() ?? string.Empty,
        row.Data["isPrivate"]?.GetValue<bool>() ?? true,
        row.Data["isDefault"]?.GetValue<bool>() ?? false,
        row.Status);
}
