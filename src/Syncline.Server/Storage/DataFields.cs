namespace Syncline.Server.Storage;

/// <summary>
/// The names of the resource data fields the server reads or sets itself (PROTOCOL.md section 4),
/// in one place for the push transaction and the row's lookup columns. Fields it only stores are never named.
/// </summary>
internal static class DataFields
{
    public const string Name = "name";
    public const string Slug = "slug";
    public const string IsDefault = "isDefault";
    public const string IsSystem = "isSystem";
    public const string IsReading = "isReading";
    public const string Type = "type";
    public const string CollectionId = "collectionId";
    public const string BookmarkId = "bookmarkId";
}
