using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Syncline.Testing.Upstream;

/// <summary>
/// Applies one POST batch to a working copy of an account, item by item, each with its own timestamp;
/// then the side effects, timestamped after every item (a bookmark a link CREATE had to create; the links
/// of a deleted bookmark or collection). Any refusal throws <see cref="UpstreamRefusal"/>, and the caller
/// drops the copy: all or nothing.
/// </summary>
internal sealed class UpstreamBatch(UpstreamAccount working, TimeProvider time, LinkCreateAck linkAck)
{
    private const string Bookmark = "BOOKMARK";
    private const string Collection = "COLLECTION";
    private const string Link = "COLLECTION_BOOKMARK";
    private const string Note = "NOTE";
    private const string ReadingSession = "READING_SESSION";
    private static readonly string[] Resources = [Bookmark, Collection, Link, Note, ReadingSession];
    private static readonly string[] Types = ["CREATE", "UPDATE", "DELETE"];

    private readonly List<StoredRecord> _createdBookmarks = [];
    private readonly List<StoredRecord> _deletedParents = [];

    public JsonArray Apply(JsonArray mutations)
    {
        var acks = new JsonArray();
        foreach (var node in mutations)
        {
            acks.Add(ApplyItem(node as JsonObject ?? throw UpstreamFields.Refuse("\"mutations[]\" must be of type object")));
        }

        foreach (var bookmark in _createdBookmarks)
        {
            bookmark.CreatedAt = bookmark.Timestamp = Next();
            working.Logged("CREATE", bookmark);
        }

        foreach (var parent in _deletedParents)
        {
            var field = parent.Resource == Bookmark ? "bookmarkId" : "collectionId";
            foreach (var link in working.Live(Link).Where(l => l.Data[field]!.GetValue<string>() == parent.Id).ToList())
            {
                link.Deleted = true;
                link.Timestamp = Next();
                working.Logged("DELETE", link);
            }
        }

        return acks;
    }

    private JsonObject ApplyItem(JsonObject item)
    {
        var resource = Name(item, "resource", Resources);
        var type = Name(item, "type", Types);
        var id = item["resourceId"] is { } idNode && idNode.GetValueKind() == JsonValueKind.String ? idNode.GetValue<string>() : null;
        var data = item["data"] switch
        {
            null => null,
            JsonObject o => o,
            _ => throw UpstreamFields.Refuse("\"data\" must be of type object"),
        };
        if (resource == Link)
        {
            return type switch
            {
                "CREATE" => CreateLink(data ?? throw UpstreamFields.Refuse("\"data\" is required")),
                "DELETE" => DeleteLink(id, data),
                _ => throw UpstreamFields.Refuse("\"type\" must be one of [CREATE, DELETE]"),
            };
        }

        if (type == "CREATE")
        {
            return Create(resource, data ?? throw UpstreamFields.Refuse("\"data\" is required"));
        }

        if (string.IsNullOrEmpty(id))
        {
            throw UpstreamFields.Refuse("\"resourceId\" is required");
        }

        if (resource == Collection && id == UpstreamAccount.DefaultCollectionId)
        {
            throw UpstreamFields.Refuse("Default collection cannot be modified");
        }

        return type == "UPDATE"
            ? Update(resource, id, data ?? throw UpstreamFields.Refuse("\"data\" is required"))
            : Delete(resource, id);
    }

    private JsonObject Create(string resource, JsonObject data)
    {
        var fields = Read(resource, data, create: true);
        if (resource == Bookmark && FindBookmark(fields) is { } existing)
        {
            // One bookmark per place: a CREATE at a bookmarked place updates it, and the ack keeps CREATE.
            Merge(existing, fields);
            working.Logged("UPDATE", existing);
            return Ack("CREATE", existing);
        }

        var at = Next();
        var record = new StoredRecord(resource, NewId(), fields, at, at);
        working.Put(record);
        working.Logged("CREATE", record);
        return Ack("CREATE", record);
    }

    private JsonObject Update(string resource, string id, JsonObject data)
    {
        var record = working.FindLive(resource, id) ?? throw NotFound();
        var merged = (JsonObject)record.Data.DeepClone();
        foreach (var (name, value) in Read(resource, data, create: false))
        {
            merged[name] = value?.DeepClone();
        }

        Check(resource, merged);
        Merge(record, merged);
        working.Logged("UPDATE", record);
        return Ack("UPDATE", record);
    }

    private JsonObject Delete(string resource, string id)
    {
        var record = working.Find(resource, id) ?? throw NotFound();
        if (!record.Deleted && resource is Bookmark or Collection)
        {
            _deletedParents.Add(record);
        }

        // A repeated delete is accepted and logged again.
        record.Deleted = true;
        record.Timestamp = Next();
        working.Logged("DELETE", record);
        return new JsonObject { ["type"] = "DELETE", ["resource"] = resource, ["resourceId"] = id, ["data"] = new JsonObject(), ["timestamp"] = record.Timestamp };
    }

    private JsonObject CreateLink(JsonObject data)
    {
        if (data["bookmarkId"] is not null)
        {
            throw UpstreamFields.Refuse("\"bookmarkId\" is not allowed");
        }

        var collectionId = data["collectionId"] is { } c ? UpstreamFields.Text(c, "collectionId") : throw UpstreamFields.Refuse("\"collectionId\" is required");
        _ = working.FindLive(Collection, collectionId) ?? throw NotFound();
        var place = UpstreamFields.Bookmark(data);
        place.Remove("isReading");
        place.Remove("clientCreatedAt");
        place.Remove("clientUpdatedAt");
        UpstreamFields.CheckBookmark(place);
        var bookmark = FindBookmark(place);
        if (bookmark is null)
        {
            // Found or created by its place; the creation is a side effect, logged after the batch's items.
            bookmark = new StoredRecord(Bookmark, NewId(), place, 0, 0);
            working.Put(bookmark);
            _createdBookmarks.Add(bookmark);
        }

        var compositeId = $"{collectionId}-{bookmark.Id}";
        var at = Next();
        var stored = new JsonObject { ["collectionId"] = collectionId, ["bookmarkId"] = bookmark.Id };
        foreach (var (name, value) in UpstreamFields.Bookmark(data))
        {
            if (name is "clientCreatedAt" or "clientUpdatedAt")
            {
                stored[name] = value?.DeepClone();
            }
        }

        if (working.Find(Link, compositeId) is { } link)
        {
            // Creating a link that exists is accepted and logged again; one that was deleted lives again.
            link.CreatedAt = link.Deleted ? at : link.CreatedAt;
            link.Deleted = false;
            link.Data = stored;
            link.Timestamp = at;
        }
        else
        {
            working.Put(new StoredRecord(Link, compositeId, stored, at, at));
        }

        working.Logged("CREATE", working.Find(Link, compositeId)!);

        var ack = new JsonObject { ["type"] = "CREATE", ["resource"] = Link };
        var echo = UpstreamEcho.Link(working, stored);
        switch (linkAck)
        {
            case LinkCreateAck.Null:
                ack["resourceId"] = null;
                break;
            case LinkCreateAck.Empty:
                ack["resourceId"] = string.Empty;
                break;
            case LinkCreateAck.CompositeOnly:
                ack["resourceId"] = compositeId;
                echo = null;
                break;
        }

        if (echo is not null)
        {
            ack["data"] = echo;
        }

        ack["timestamp"] = at;
        return ack;
    }

    private JsonObject DeleteLink(string? id, JsonObject? data)
    {
        string compositeId;
        if (data?["collectionId"] is { } c && data["bookmarkId"] is { } b)
        {
            compositeId = $"{UpstreamFields.Text(c, "collectionId")}-{UpstreamFields.Text(b, "bookmarkId")}";
        }
        else
        {
            compositeId = string.IsNullOrEmpty(id) ? throw UpstreamFields.Refuse("\"resourceId\" is required") : id;
        }

        var link = working.Find(Link, compositeId) ?? throw NotFound();
        link.Deleted = true;
        link.Timestamp = Next();
        working.Logged("DELETE", link);
        return new JsonObject
        {
            ["type"] = "DELETE", ["resource"] = Link, ["resourceId"] = compositeId,
            ["data"] = UpstreamEcho.LinkIds(link.Data), ["timestamp"] = link.Timestamp,
        };
    }

    private JsonObject Read(string resource, JsonObject data, bool create)
    {
        var fields = resource switch
        {
            Bookmark => UpstreamFields.Bookmark(data),
            Collection => UpstreamFields.Collection(data, create),
            Note => UpstreamFields.Note(data, create),
            _ => UpstreamFields.ReadingSession(data, create),
        };
        if (create)
        {
            Check(resource, fields);
        }

        return fields;
    }

    private static void Check(string resource, JsonObject fields)
    {
        if (resource == Bookmark)
        {
            UpstreamFields.CheckBookmark(fields);
        }
        else if (resource == ReadingSession)
        {
            UpstreamFields.CheckReadingSession(fields);
        }
    }

    private void Merge(StoredRecord record, JsonObject fields)
    {
        foreach (var (name, value) in fields)
        {
            record.Data[name] = value?.DeepClone();
        }

        record.Timestamp = Next();
    }

    private StoredRecord? FindBookmark(JsonObject place) => working.Live(Bookmark).FirstOrDefault(b =>
        Same(b.Data, place, "type") && Same(b.Data, place, "key") && Same(b.Data, place, "verseNumber") && Same(b.Data, place, "mushaf"));

    private static bool Same(JsonObject a, JsonObject b, string name) => JsonNode.DeepEquals(a[name], b[name]);

    private JsonObject Ack(string type, StoredRecord record) => new()
    {
        ["type"] = type,
        ["resource"] = record.Resource,
        ["resourceId"] = record.Id,
        // POST acks carry both bookmark names, as the 2026 examples do.
        ["data"] = UpstreamEcho.Data(working, record, BookmarkEcho.BothNames),
        ["timestamp"] = record.Timestamp,
    };

    private long Next() => working.NextTimestamp(time);

    private static UpstreamRefusal NotFound() => new(UpstreamError.NotFound("Resource not found"));

    private static string Name(JsonObject item, string field, string[] allowed)
    {
        var text = item[field] is { } node ? UpstreamFields.Text(node, field).ToUpperInvariant() : throw UpstreamFields.Refuse($"\"{field}\" is required");
        return allowed.Contains(text) ? text : throw UpstreamFields.Refuse($"\"{field}\" must be one of [{string.Join(", ", allowed)}]");
    }

    private static string NewId()
    {
        const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        return RandomNumberGenerator.GetString(Alphabet, 24);
    }
}
