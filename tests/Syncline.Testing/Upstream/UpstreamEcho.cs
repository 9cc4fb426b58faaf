using System.Text.Json.Nodes;

namespace Syncline.Testing.Upstream;

/// <summary>The data the server shows for a record, in the forms UPSTREAM.md 1.4 and 1.5 describe.</summary>
internal static class UpstreamEcho
{
    /// <summary>A record's current data; a link's joined with its bookmark's details.</summary>
    public static JsonObject Data(UpstreamAccount account, StoredRecord record, BookmarkEcho form) => record.Resource switch
    {
        "BOOKMARK" => Bookmark(record.Data, form),
        "COLLECTION_BOOKMARK" => Link(account, record.Data),
        _ => (JsonObject)record.Data.DeepClone(),
    };

    public static JsonObject Bookmark(JsonObject stored, BookmarkEcho form)
    {
        var data = (JsonObject)stored.DeepClone();
        if (form == BookmarkEcho.BothNames)
        {
            data["bookmarkType"] = data["type"]?.DeepClone();
            data["mushafId"] = data["mushaf"]?.DeepClone();
            return data;
        }

        // The 2025 GET model: no type, no mushaf; bookmarkGroup is the spec example's value, read by no client.
        data["bookmarkType"] = data["type"]?.DeepClone();
        data["bookmarkGroup"] = "verses_6236";
        data.Remove("type");
        data.Remove("mushaf");
        return data;
    }

    /// <summary>A link's ids and its bookmark's place: the pulled link echo of UPSTREAM.md 1.5.</summary>
    public static JsonObject Link(UpstreamAccount account, JsonObject stored)
    {
        var data = (JsonObject)stored.DeepClone();
        if (account.Find("BOOKMARK", stored["bookmarkId"]!.GetValue<string>()) is { } bookmark)
        {
            foreach (var name in (ReadOnlySpan<string>)["type", "key", "verseNumber", "mushaf"])
            {
                if (bookmark.Data[name] is { } value)
                {
                    data[name] = value.DeepClone();
                }
            }
        }

        return data;
    }

    /// <summary>The ids alone, as a link DELETE carries them.</summary>
    public static JsonObject LinkIds(JsonObject stored) => new()
    {
        ["collectionId"] = stored["collectionId"]!.DeepClone(),
        ["bookmarkId"] = stored["bookmarkId"]!.DeepClone(),
    };
}
