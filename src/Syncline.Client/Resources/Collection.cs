namespace Syncline.Client;

/// <summary>A collection of bookmarks as this device sees it, pending changes included.</summary>
/// <param name="Id">Its id: the server's, a local one until the server names it, or <c>__default__</c>.</param>
/// <param name="Name">Its name.</param>
/// <param name="IsPrivate">Whether it is private.</param>
/// <param name="IsDefault">Whether it is the user's system collection (Favorites).</param>
/// <param name="Status">Where it stands with the server.</param>
public sealed record Collection(string Id, string Name, bool IsPrivate, bool IsDefault, SyncStatus Status);

/// <summary>A bookmark's membership in a collection.</summary>
/// <param name="CollectionId">The collection.</param>
/// <param name="BookmarkId">The bookmark.</param>
/// <param name="Status">Where it stands with the server.</param>
public sealed record CollectionBookmark(string CollectionId, string BookmarkId, SyncStatus Status);
