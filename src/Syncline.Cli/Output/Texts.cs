using System.Globalization;
using Syncline.Client;

namespace Syncline.Cli.Output;

/// <summary>How records and states read, the same in every command.</summary>
internal static class Texts
{
    public static string Count(long count, string noun) => count == 1 ? $"1 {noun}" : $"{count.ToString(CultureInfo.InvariantCulture)} {noun}s";

    public static string Status(SyncStatus status) => status switch
    {
        SyncStatus.Synced => "synced",
        SyncStatus.PendingCreate => "pending (new)",
        SyncStatus.PendingUpdate => "pending (changed)",
        _ => "pending (deleted)",
    };

    /// <summary>2:255, surah 18, juz 3, page 5.</summary>
    public static string Place(Bookmark bookmark) => bookmark.Type switch
    {
        BookmarkType.Ayah => $"{bookmark.Key}:{bookmark.VerseNumber}",
        BookmarkType.Surah => $"surah {bookmark.Key}",
        BookmarkType.Juz => $"juz {bookmark.Key}",
        _ => $"page {bookmark.Key}",
    };

    public static string Describe(Bookmark bookmark) => $"{Place(bookmark)}, mushaf {bookmark.Mushaf}";

    /// <summary>18:10.</summary>
    public static string Place(ReadingSession reading) => $"{reading.ChapterNumber}:{reading.VerseNumber}";

    public static string Ranges(Note note) => string.Join(", ", note.Ranges);

    /// <summary>A local time to the second, for people; null reads "never".</summary>
    public static string Time(DateTimeOffset? time) =>
        time is { } at ? TimeZoneInfo.ConvertTime(at, TimeZoneInfo.Local).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "never";

    public static string Quote(string text, int max = 60)
    {
        var line = text.ReplaceLineEndings(" ");
        return $"\"{(line.Length > max ? line[..(max - 1)] + "…" : line)}\"";
    }
}
