namespace Syncline.Client;

/// <summary>A reading session as this device sees it, pending changes included: where the user was reading.</summary>
/// <param name="Id">Its id: the server's, or a local one until the server names it.</param>
/// <param name="ChapterNumber">The surah (1..114).</param>
/// <param name="VerseNumber">The ayah in that surah.</param>
/// <param name="UpdatedAt">When the device that last moved it says it did (<c>clientUpdatedAt</c>); null when no device said.</param>
/// <param name="Status">Where it stands with the server.</param>
public sealed record ReadingSession(string Id, int ChapterNumber, int VerseNumber, DateTimeOffset? UpdatedAt, SyncStatus Status);
