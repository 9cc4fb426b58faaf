namespace Syncline.Testing.Upstream;

/// <summary>How pulled BOOKMARK data names its fields (UPSTREAM.md 1.4).</summary>
public enum BookmarkEcho
{
    /// <summary>Both names: <c>type</c> and <c>bookmarkType</c>, <c>mushaf</c> and <c>mushafId</c>.</summary>
    BothNames,

    /// <summary>The 2025 GET model: <c>bookmarkType</c>, <c>bookmarkGroup</c>, <c>key</c>, <c>verseNumber</c>; no <c>type</c>, no mushaf.</summary>
    BookmarkTypeOnly,
}
