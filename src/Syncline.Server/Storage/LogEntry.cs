namespace Syncline.Server.Storage;

/// <summary>One entry of a user's append-only log, or of a pull (a resource's latest change). <see cref="Data"/> is JSON text.</summary>
internal sealed record LogEntry(long Timestamp, string Type, string Resource, string? ResourceId, string Data);

/// <summary>
/// What a pull asks for: the resources changed after <see cref="Since"/>. A null <see cref="Resources"/> means
/// every resource. <see cref="ByPageNumber"/>: the client pages by <c>page</c>, so pages follow creation order
/// (stable while others write); otherwise one page from <see cref="Since"/> in timestamp order (keyset).
/// </summary>
internal sealed record LogQuery(string UserId, long Since, IReadOnlyCollection<string>? Resources, int Limit, int Page, bool ByPageNumber = false);

/// <summary>
/// The head, the prune horizon, the total and one page of changes, read in one snapshot. <see cref="Total"/>
/// counts the entries of all pages; <see cref="HasMore"/> says whether a later page holds more (before any
/// byte budget cuts this one). <see cref="Horizon"/> is the newest pruned history a cursor would need: a pull
/// with 0 &lt; since &lt; horizon cannot be answered. <see cref="Entries"/> come off the database reader one at
/// a time, so a page is never held whole; they can be read once, and only inside the callback of
/// <see cref="ISyncStore.ReadLogAsync{TResult}"/> that received them.
/// </summary>
internal sealed record LogSnapshot(long Head, long Total, bool HasMore, long Horizon, IAsyncEnumerable<LogEntry> Entries)
{
    /// <summary>Whether a pull since <paramref name="since"/> needs history that was pruned (0 is a first sync, never too old).</summary>
    public bool IsTooOld(long since) => since > 0 && since < Horizon;
}

/// <summary>A push response, kept for <c>Idempotency-Key</c> replay (stored compressed: <see cref="ReplyCompression"/>).</summary>
internal sealed record StoredReply(string Key, string BodyHash, long Head, string Response, long CreatedAt);
