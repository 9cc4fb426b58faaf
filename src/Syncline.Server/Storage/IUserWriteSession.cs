namespace Syncline.Server.Storage;

/// <summary>
/// One user's open write transaction, holding that user's lock. Reads see the session's own writes.
/// Only <see cref="PushTransaction"/> uses it: the store supplies rows, the push decides.
/// </summary>
internal interface IUserWriteSession
{
    /// <summary>The user's head when the lock was taken.</summary>
    long Head { get; }

    /// <summary>The user's usage when the lock was taken, as the last push left it.</summary>
    Usage Usage { get; }

    Task<StoredReply?> FindReplyAsync(string idempotencyKey, long notBefore, CancellationToken cancellationToken);

    Task SaveReplyAsync(StoredReply reply, long expiredBefore, CancellationToken cancellationToken);

    /// <summary>A row by resource and id, live or deleted; null when it never existed for this user.</summary>
    Task<ResourceRow?> FindAsync(string resource, string id, CancellationToken cancellationToken);

    Task<ResourceRow?> FindLiveBookmarkAsync(string naturalKey, CancellationToken cancellationToken);

    Task<ResourceRow?> FindReadingBookmarkAsync(CancellationToken cancellationToken);

    /// <summary>Live links of a collection, or of a bookmark (give exactly one of the two ids).</summary>
    Task<IReadOnlyList<ResourceRow>> FindLiveLinksAsync(string? collectionId, string? bookmarkId, CancellationToken cancellationToken);

    /// <summary>
    /// Inserts or replaces a row of the current state; returns how that changed the user's usage,
    /// measured on the data text as stored (so the count follows the store's encoding exactly).
    /// </summary>
    Task<Usage> SaveAsync(ResourceRow row, CancellationToken cancellationToken);

    Task AppendAsync(LogEntry entry, CancellationToken cancellationToken);

    /// <summary>Moves the head and records the usage the push leaves.</summary>
    Task SetHeadAsync(long head, Usage usage, CancellationToken cancellationToken);
}
