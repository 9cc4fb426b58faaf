namespace Syncline.Protocol;

/// <summary>The five resource names of the protocol, as emitted on the wire (upper case).</summary>
public static class ResourceNames
{
    /// <summary>A bookmark of an ayah, surah, juz or page.</summary>
    public const string Bookmark = "BOOKMARK";

    /// <summary>A named collection of bookmarks.</summary>
    public const string Collection = "COLLECTION";

    /// <summary>A link between a collection and a bookmark.</summary>
    public const string CollectionBookmark = "COLLECTION_BOOKMARK";

    /// <summary>A note on one or more ayah ranges.</summary>
    public const string Note = "NOTE";

    /// <summary>Where the user was reading: a surah and an ayah in it.</summary>
    public const string ReadingSession = "READING_SESSION";

    /// <summary>Every resource name, in the order clients push them (parents first).</summary>
    public static IReadOnlyList<string> All { get; } = [Collection, Bookmark, CollectionBookmark, Note, ReadingSession];

    /// <summary>Reads a resource name in any letter case; returns the canonical upper-case name.</summary>
    public static bool TryNormalize(string? value, out string name)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate, value, StringComparison.OrdinalIgnoreCase))
            {
                name = candidate;
                return true;
            }
        }

        name = string.Empty;
        return false;
    }
}
