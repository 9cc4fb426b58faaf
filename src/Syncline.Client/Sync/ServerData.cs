using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Syncline.Client.Store;
using Syncline.Protocol;
using Syncline.Protocol.Validation;

namespace Syncline.Client.Sync;

/// <summary>
/// Reads records as any deployment of the API writes them (UPSTREAM.md 1.4, 1.5) into the one shape
/// this device stores: a bookmark's kind from <c>bookmarkType</c> or <c>type</c>, its mushaf from
/// <c>mushaf</c> or <c>mushafId</c>; a link's bookmark from <c>bookmarkId</c>, <c>bookmark_id</c>, the
/// composite id or the bookmark's place. A field the server leaves out keeps the value this device
/// knows, and only then takes the protocol's default: a reply never turns a record into another one.
/// Data already in the stored shape (all of Syncline's server) passes untouched, as text.
/// </summary>
internal static class ServerData
{
    private static readonly HashSet<string> LinkFields = ["collectionId", "bookmarkId", ClientTimes.Created, ClientTimes.Updated];

    /// <summary>
    /// A pulled page in the stored shape, in its order. A link whose bookmark this device cannot name
    /// (no id, and no bookmark at its place) is left out: there is nothing it could be stored as.
    /// </summary>
    public static async Task<IReadOnlyList<SyncMutation>> ReadPageAsync(SqliteConnection connection, IReadOnlyList<SyncMutation> entries, CancellationToken ct)
    {
        if (entries.All(IsStoredShape))
        {
            return entries;
        }

        var read = new List<SyncMutation>(entries.Count);
        // Bookmarks of this page by place: a link later in the page may name its bookmark only by place.
        var placed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (IsStoredShape(entry))
            {
                read.Add(entry);
                if (entry.Resource == ResourceNames.Bookmark && entry.Type != MutationTypes.Delete)
                {
                    placed[BookmarkRules.NaturalKey(entry.Data)] = entry.ResourceId!;
                }

                continue;
            }

            var data = entry.Data.ValueKind == JsonValueKind.Object ? JsonNode.Parse(entry.Data.GetRawText())!.AsObject() : [];
            switch (entry.Resource)
            {
                case ResourceNames.CollectionBookmark:
                    if (await LinkAsync(connection, data, entry.ResourceId, entry.Timestamp, placed, ct).ConfigureAwait(false) is { } link)
                    {
                        read.Add(entry with { ResourceId = null, Data = ToElement(link) });
                    }

                    break;
                case ResourceNames.Bookmark when entry.Type != MutationTypes.Delete && entry.ResourceId is not null:
                    var known = await connection.GetAsync(ResourceNames.Bookmark, entry.ResourceId, ct).ConfigureAwait(false);
                    var bookmark = Bookmark(data, known?.ServerData ?? known?.Data, entry.Timestamp);
                    placed[BookmarkRules.NaturalKey(bookmark)] = entry.ResourceId;
                    read.Add(entry with { Data = ToElement(bookmark) });
                    break;
                default:
                    if (entry.Type != MutationTypes.Delete)
                    {
                        ClientTimes.Normalize(data, entry.Timestamp);
                    }

                    read.Add(entry with { Data = ToElement(data) });
                    break;
            }
        }

        return read;
    }

    /// <summary>
    /// BOOKMARK data in the stored shape (<c>type</c>, <c>key</c>, <c>verseNumber</c> for an ayah,
    /// <c>mushaf</c>, <c>isReading</c>, client times). <c>bookmarkGroup</c> and other fields the server
    /// derives are not kept. <paramref name="known"/>: this device's version of the record, if any.
    /// </summary>
    public static JsonObject Bookmark(JsonObject data, JsonObject? known, long serverTimestamp)
    {
        var type = Kind(data) ?? Kind(known) ?? "ayah";
        var bookmark = new JsonObject { ["type"] = type };
        if ((Int(data, "key") ?? Int(known, "key")) is { } key)
        {
            bookmark["key"] = key;
        }

        if (type == "ayah" && (Int(data, "verseNumber") ?? (Kind(known) == "ayah" ? Int(known, "verseNumber") : null)) is { } verse)
        {
            bookmark["verseNumber"] = verse;
        }

        bookmark["mushaf"] = Int(data, "mushaf") ?? Int(data, "mushafId") ?? Int(known, "mushaf") ?? 1;
        if ((Bool(data, "isReading") ?? Bool(known, "isReading")) is { } isReading)
        {
            bookmark["isReading"] = isReading;
        }

        foreach (var name in (ReadOnlySpan<string>)[ClientTimes.Created, ClientTimes.Updated])
        {
            if ((data[name] ?? known?[name]) is { } time)
            {
                bookmark[name] = time.DeepClone();
            }
        }

        ClientTimes.Normalize(bookmark, serverTimestamp);
        return bookmark;
    }

    /// <summary>
    /// The bookmark id a link's data or id names: <c>bookmarkId</c>, else <c>bookmark_id</c>, else the
    /// composite <paramref name="resourceId"/> without its <c>{collectionId}-</c> prefix; null if none does.
    /// </summary>
    public static string? LinkBookmarkId(JsonObject? data, string? resourceId, string collectionId)
    {
        if ((Text(data, "bookmarkId") ?? Text(data, "bookmark_id")) is { } id)
        {
            return id;
        }

        var prefix = collectionId + "-";
        return resourceId is not null && resourceId.Length > prefix.Length && resourceId.StartsWith(prefix, StringComparison.Ordinal)
            ? resourceId[prefix.Length..]
            : null;
    }

    /// <summary>The stored kind of a bookmark: <c>bookmarkType</c> first, then <c>type</c>, case-insensitive; null if neither names one.</summary>
    public static string? Kind(JsonObject? data) =>
        Canonical(Text(data, "bookmarkType")) ?? Canonical(Text(data, "type"));

    private static string? Canonical(string? kind) =>
        kind is null ? null : BookmarkRules.Types.FirstOrDefault(t => string.Equals(t, kind, StringComparison.OrdinalIgnoreCase));

    private static bool IsStoredShape(SyncMutation entry)
    {
        if (entry.Data.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        switch (entry.Resource)
        {
            case ResourceNames.CollectionBookmark:
                foreach (var field in entry.Data.EnumerateObject())
                {
                    if (!LinkFields.Contains(field.Name))
                    {
                        return false;
                    }
                }

                return entry.Data.TryGetProperty("collectionId", out var c) && c.ValueKind == JsonValueKind.String
                    && entry.Data.TryGetProperty("bookmarkId", out var b) && b.ValueKind == JsonValueKind.String
                    && ClientTimes.AreNormal(entry.Data);
            case ResourceNames.Bookmark when entry.Type != MutationTypes.Delete:
                return entry.Data.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && BookmarkRules.Types.Contains(t.GetString()!)
                    && entry.Data.TryGetProperty("mushaf", out var m) && m.ValueKind == JsonValueKind.Number
                    && !entry.Data.TryGetProperty("bookmarkType", out _) && !entry.Data.TryGetProperty("mushafId", out _)
                    && !entry.Data.TryGetProperty("bookmarkGroup", out _)
                    && ClientTimes.AreNormal(entry.Data);
            default:
                return entry.Type == MutationTypes.Delete || ClientTimes.AreNormal(entry.Data);
        }
    }

    private static async Task<JsonObject?> LinkAsync(
        SqliteConnection connection, JsonObject data, string? resourceId, long timestamp, Dictionary<string, string> placed, CancellationToken ct)
    {
        var collectionId = Text(data, "collectionId");
        if (collectionId is null)
        {
            // A DELETE with only the composite id: the link this device holds under it says what it joins.
            var local = resourceId is null ? null : await connection.GetAsync(ResourceNames.CollectionBookmark, resourceId, ct).ConfigureAwait(false);
            return local is null ? null : new JsonObject { ["collectionId"] = local.CollectionId, ["bookmarkId"] = local.BookmarkId };
        }

        var bookmarkId = LinkBookmarkId(data, resourceId, collectionId)
            ?? await BookmarkAtPlaceAsync(connection, data, placed, ct).ConfigureAwait(false);
        if (bookmarkId is null)
        {
            return null;
        }

        var link = new JsonObject { ["collectionId"] = collectionId, ["bookmarkId"] = bookmarkId };
        foreach (var name in (ReadOnlySpan<string>)[ClientTimes.Created, ClientTimes.Updated])
        {
            if (data[name] is { } time)
            {
                link[name] = time.DeepClone();
            }
        }

        ClientTimes.Normalize(link, timestamp);
        return link;
    }

    /// <summary>
    /// The bookmark at the place a link's details name: one of the same page, else one stored here. The
    /// mushaf must match when both say it; a link that names none (the upstream client ignores mushafs)
    /// takes the one bookmark at that place, if there is just one.
    /// </summary>
    public static async Task<string?> BookmarkAtPlaceAsync(SqliteConnection connection, JsonObject details, IReadOnlyDictionary<string, string>? placed, CancellationToken ct)
    {
        if (Kind(details) is not { } type || Int(details, "key") is not { } key)
        {
            return null;
        }

        var verse = type == "ayah" ? Int(details, "verseNumber") : null;
        var mushaf = Int(details, "mushaf") ?? Int(details, "mushafId");
        if (mushaf is not null)
        {
            var place = BookmarkRules.NaturalKey(new JsonObject { ["type"] = type, ["key"] = key, ["verseNumber"] = verse, ["mushaf"] = mushaf });
            if (placed?.GetValueOrDefault(place) is { } inPage)
            {
                return inPage;
            }

            if (await connection.BookmarkAtAsync(place, ct).ConfigureAwait(false) is { } local)
            {
                return local.Id;
            }
        }

        var any = await connection.BookmarksAtAsync(type, key, verse, mushaf, ct).ConfigureAwait(false);
        return any.Count == 1 ? any[0] : null;
    }

    private static JsonElement ToElement(JsonObject data)
    {
        using var document = JsonDocument.Parse(data.ToJsonString());
        return document.RootElement.Clone();
    }

    private static string? Text(JsonObject? data, string name) =>
        data?[name] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;

    private static int? Int(JsonObject? data, string name) =>
        data?[name] is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<int>(out var number) ? number : null;

    private static bool? Bool(JsonObject? data, string name) =>
        data?[name] is JsonValue value && value.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? value.GetValue<bool>() : null;
}
