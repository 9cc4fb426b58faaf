namespace Syncline.Server.Storage;

/// <summary>One entry of a user's append-only log. <see cref="Data"/> is JSON text.</summary>
internal sealed record LogEntry(long Timestamp, string Type, string Resource, string? ResourceId, string Data);

/// <summary>What a pull asks of the log. A null <see cref="Resources"/> means every resource.</summary>
internal sealed record LogQuery(string UserId, long Since, IReadOnlyCollection<string>? Resources, int Limit, int Page);

/// <summary>The head and one page of the log, read in one snapshot.</summary>
internal sealed record LogPage(long Head, IReadOnlyList<LogEntry> Entries, long Total);

/// <summary>A push response, kept for <c>Idempotency-Key</c> replay (stored compressed: <see cref="ReplyCompression"/>).</summary>
internal sealed record StoredReply(string Key, string BodyHash, long Head, string Response, long CreatedAt);
