namespace Syncline.Client;

/// <summary>What a bookmark points at.</summary>
public enum BookmarkType
{
    /// <summary>One ayah: <see cref="Bookmark.Key"/> is the surah, <see cref="Bookmark.VerseNumber"/> the ayah.</summary>
    Ayah,

    /// <summary>A surah (1..114).</summary>
    Surah,

    /// <summary>A juz (1..30).</summary>
    Juz,

    /// <summary>A page of the mushaf.</summary>
    Page,
}

/// <summary>A bookmark as this device sees it, pending changes included.</summary>
/// <param name="Id">Its id: the server's, or a local one until the server names it.</param>
/// <param name="Type">What it points at.</param>
/// <param name="Key">The surah, juz or page number.</param>
/// <param name="VerseNumber">The ayah, for an ayah bookmark.</param>
/// <param name="Mushaf">The mushaf id.</param>
/// <param name="IsReading">Whether this is the user's one reading bookmark.</param>
/// <param name="Status">Where it stands with the server.</param>
public sealed record Bookmark(string Id, BookmarkType Type, int Key, int? VerseNumber, int Mushaf, bool IsReading, SyncStatus Status);
