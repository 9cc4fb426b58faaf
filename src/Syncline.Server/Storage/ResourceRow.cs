using System.Text.Json.Nodes;
using Syncline.Protocol;
using Syncline.Protocol.Validation;

namespace Syncline.Server.Storage;

/// <summary>
/// One resource in a user's current state (deleted ones stay as tombstones). A link's id is its
/// composite <c>{collectionId}-{bookmarkId}</c>. The lookup columns a store indexes are derived
/// from <see cref="Data"/> here, once, so every store derives them the same way.
/// </summary>
internal sealed record ResourceRow(string Resource, string Id, JsonObject Data, bool Deleted, long Timestamp)
{
    /// <summary>For a live bookmark: its unique <c>(mushaf, type, key, verseNumber)</c>.</summary>
    public string? BookmarkKey => Resource == ResourceNames.Bookmark && !Deleted ? BookmarkRules.NaturalKey(Data) : null;

    public bool IsReading => Resource == ResourceNames.Bookmark && !Deleted && Data[DataFields.IsReading]?.GetValue<bool>() == true;

    public string? CollectionId => Resource == ResourceNames.CollectionBookmark ? Data[DataFields.CollectionId]?.GetValue<string>() : null;

    public string? BookmarkId => Resource == ResourceNames.CollectionBookmark ? Data[DataFields.BookmarkId]?.GetValue<string>() : null;
}
