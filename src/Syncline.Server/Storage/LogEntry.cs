namespace Syncline.Server.Storage;

/// <summary>One entry of a user's append-only log. <see cref="Data"/> is JSON text.</summary>
internal sealed record LogEntry(long Timestamp, string Type, string Resource, string? ResourceId, string Data);

/// <summary>What a pull asks of the log. A null <see cref="Resources"/> means every resource.</summary>
internal sealed record LogQuery(string UserId, long Since, IReadOnlyCollection<string>? Resources, int Limit, int Page);

/// <summary>
/// The head, the total and one page of entries, read in one snapshot. <see cref="Entries"/> come
/// off the database reader one at a time, so a page is never held whole; they can be read once,
/// and only inside the callback of <see cref="ISyncStore.ReadLogAsync{TResult}"/> that received them.
/// </summary>
internal sealed record LogSnapshot(long Head, long Total, IAsyncEnumerable<LogEntry> Entries);

/// <summary>The head and one page of the log, read in one snapshot and held whole (see <see cref="LogPages"/>).</summary>
internal sealed record LogPage(long Head, IReadOnlyList<LogEntry> Entries, long Total);

/// <summary>A push response, kept for <c>Idempotency-Key</c> replay (stored compressed: <see cref="ReplyCompression"/>).</summary>
internal sealed record StoredReply(string Key, string BodyHash, long Head, string Response, long CreatedAt);
