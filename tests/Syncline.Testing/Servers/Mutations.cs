using System.Text.Json.Nodes;

namespace Syncline.Testing.Servers;

/// <summary>Builders for push items, so tests read like the protocol.</summary>
public static class Mutations
{
    public static JsonObject Create(string resource, JsonObject data) =>
        new() { ["type"] = "CREATE", ["resource"] = resource, ["data"] = data };

    public static JsonObject Update(string resource, string id, JsonObject data) =>
        new() { ["type"] = "UPDATE", ["resource"] = resource, ["resourceId"] = id, ["data"] = data };

    public static JsonObject Delete(string resource, string id) =>
        new() { ["type"] = "DELETE", ["resource"] = resource, ["resourceId"] = id };

    public static JsonObject Bookmark(int surah, int? ayah = null, string type = "ayah", int mushaf = 1)
    {
        var data = new JsonObject { ["type"] = type, ["key"] = surah, ["mushaf"] = mushaf };
        if (ayah is not null)
        {
            data["verseNumber"] = ayah;
        }

        return Create("BOOKMARK", data);
    }

    public static JsonObject Collection(string name) => Create("COLLECTION", new JsonObject { ["name"] = name });

    public static JsonObject Note(string body, params string[] ranges) =>
        Create("NOTE", new JsonObject { ["body"] = body, ["ranges"] = new JsonArray([.. ranges.Select(r => (JsonNode)r)]) });

    public static JsonObject ReadingSession(int chapter, int verse) =>
        Create("READING_SESSION", new JsonObject { ["chapterNumber"] = chapter, ["verseNumber"] = verse });

    public static JsonObject Link(string collectionId, string bookmarkId) =>
        Create("COLLECTION_BOOKMARK", new JsonObject { ["collectionId"] = collectionId, ["bookmarkId"] = bookmarkId });

    public static JsonObject Unlink(string collectionId, string bookmarkId) => new()
    {
        ["type"] = "DELETE",
        ["resource"] = "COLLECTION_BOOKMARK",
        ["data"] = new JsonObject { ["collectionId"] = collectionId, ["bookmarkId"] = bookmarkId },
    };

    /// <summary>A link that names its bookmark by details; the server finds the bookmark or creates it.</summary>
    public static JsonObject LinkByDetails(string collectionId, int surah, int? ayah = null, string type = "ayah", int mushaf = 1)
    {
        var data = new JsonObject { ["collectionId"] = collectionId, ["type"] = type, ["key"] = surah, ["mushaf"] = mushaf };
        if (ayah is not null)
        {
            data["verseNumber"] = ayah;
        }

        return Create("COLLECTION_BOOKMARK", data);
    }

    /// <summary>A copy of <paramref name="mutation"/> with one more field in its data, e.g. <c>Bookmark(2, 255).With("isReading", true)</c>.</summary>
    public static JsonObject With(this JsonObject mutation, string name, JsonNode? value)
    {
        var copy = mutation.DeepClone().AsObject();
        copy["data"]![name] = value;
        return copy;
    }
}
