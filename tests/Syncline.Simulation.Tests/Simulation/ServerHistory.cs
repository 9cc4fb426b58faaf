using System.Text.Json.Nodes;

namespace Syncline.Simulation.Tests.Simulation;

/// <summary>
/// One user's whole log as the server gives it, replayed: the current state, and what every id ever
/// carried, so the oracle can tell where each device's writes went.
/// </summary>
internal sealed class ServerHistory
{
    private readonly Dictionary<(string Resource, string Tag), HashSet<string>> _idsByTag = [];
    private readonly HashSet<(string Resource, string Id)> _deleted = [];
    private readonly HashSet<(string Collection, string Bookmark)> _linksCreated = [];
    private readonly HashSet<(string Collection, string Bookmark)> _linksDeleted = [];
    private readonly HashSet<string> _everReading = [];

    public ServerHistory(IReadOnlyList<JsonObject> log)
    {
        Log = log;
        var live = new Dictionary<(string Resource, string Id), JsonObject>();
        long previous = long.MinValue;
        foreach (var entry in log)
        {
            var timestamp = entry["timestamp"]!.GetValue<long>();
            if (timestamp <= previous)
            {
                Violations.Add($"log timestamps not strictly increasing: {timestamp} after {previous}");
            }

            previous = timestamp;
            var resource = entry["resource"]!.GetValue<string>();
            var type = entry["type"]!.GetValue<string>();
            var data = entry["data"]!.AsObject();
            if (resource == "COLLECTION_BOOKMARK")
            {
                var link = (data["collectionId"]!.GetValue<string>(), data["bookmarkId"]!.GetValue<string>());
                (type == "DELETE" ? _linksDeleted : _linksCreated).Add(link);
                var key = (resource, $"{link.Item1}|{link.Item2}");
                if (type == "DELETE")
                {
                    live.Remove(key);
                }
                else
                {
                    live[key] = data;
                }

                continue;
            }

            var id = entry["resourceId"]!.GetValue<string>();

            // A DELETE of a deleted record is accepted and logged (PROTOCOL.md 3.2: a retried delete must not fail).
            if (_deleted.Contains((resource, id)) && type != "DELETE")
            {
                Violations.Add($"deleted {resource} {id} came back: {type} at {timestamp}");
            }

            if (type == "DELETE")
            {
                _deleted.Add((resource, id));
                live.Remove((resource, id));
                continue;
            }

            if (type == "CREATE" && live.ContainsKey((resource, id)))
            {
                Violations.Add($"{resource} {id} created twice (at {timestamp})");
            }

            live[(resource, id)] = data;
            if (Tag(resource, data) is { } tag)
            {
                if (type == "CREATE" && resource != "BOOKMARK"
                    && live.FirstOrDefault(r => r.Key.Resource == resource && r.Key.Id != id && Tag(resource, r.Value) == tag).Key.Id is { } other)
                {
                    Violations.Add($"{resource} '{tag}' exists twice: {id} created at {timestamp} while {other} carries it (a retried CREATE applied twice?)");
                }

                IdsByTag(resource, tag).Add(id);
            }

            if (resource == "BOOKMARK" && data["isReading"]?.GetValue<bool>() == true)
            {
                _everReading.Add(id);
            }
        }

        Current = live;
    }

    public IReadOnlyList<JsonObject> Log { get; }

    /// <summary>Records alive now, by resource and id (a link's id is "collection|bookmark").</summary>
    public IReadOnlyDictionary<(string Resource, string Id), JsonObject> Current { get; }

    /// <summary>Broken invariants of the log itself: order, resurrection, duplicates.</summary>
    public List<string> Violations { get; } = [];

    /// <summary>The tag that names a record on every device: a note's body, a collection's name, a bookmark's place.</summary>
    public static string? Tag(string resource, JsonObject data) => resource switch
    {
        "NOTE" => data["body"]?.GetValue<string>(),
        "COLLECTION" => data["name"]?.GetValue<string>(),
        "BOOKMARK" => $"{Capitalized(data["type"]?.GetValue<string>() ?? "ayah")}:{data["key"]}:{data["verseNumber"]}:{data["mushaf"]}",
        _ => null,
    };

    /// <summary>Every id that ever carried <paramref name="tag"/>.</summary>
    public IReadOnlySet<string> Ids(string resource, string tag) =>
        resource == "COLLECTION" && tag == "__default__" ? new HashSet<string> { "__default__" } : IdsByTag(resource, tag);

    public bool WasDeleted(string resource, IEnumerable<string> ids) => ids.Any(id => _deleted.Contains((resource, id)));

    public bool WasEverReading(IEnumerable<string> ids) => ids.Any(_everReading.Contains);

    public bool LinkWasCreated(IEnumerable<string> collections, IReadOnlySet<string> bookmarks) =>
        collections.Any(c => bookmarks.Any(b => _linksCreated.Contains((c, b))));

    public bool LinkWasDeleted(IEnumerable<string> collections, IReadOnlySet<string> bookmarks) =>
        collections.Any(c => bookmarks.Any(b => _linksDeleted.Contains((c, b))));

    /// <summary>The log entries about the records that carried a tag, and the links to them, for a failure message.</summary>
    public string Trace(string resource, string tag, string? bookmarkPlace = null)
    {
        var ids = new HashSet<string>(resource == "COLLECTION_BOOKMARK" ? Ids("COLLECTION", tag) : Ids(resource, tag));
        if (bookmarkPlace is not null)
        {
            ids.UnionWith(Ids("BOOKMARK", bookmarkPlace));
        }

        var lines = Log.Where(e => (e["resourceId"]?.GetValue<string>() is { } id && ids.Contains(id))
                || (e["data"] is JsonObject d && (ids.Contains(d["collectionId"]?.GetValue<string>() ?? "") || ids.Contains(d["bookmarkId"]?.GetValue<string>() ?? ""))))
            .Select(e => $"    {e["timestamp"]} {e["type"]} {e["resource"]} {e["resourceId"]} {e["data"]?.ToJsonString()}");
        return string.Join('\n', lines);
    }

    private static string Capitalized(string type) => char.ToUpperInvariant(type[0]) + type[1..];

    private HashSet<string> IdsByTag(string resource, string tag)
    {
        if (!_idsByTag.TryGetValue((resource, tag), out var ids))
        {
            ids = [];
            _idsByTag[(resource, tag)] = ids;
        }

        return ids;
    }
}
