using System.Text.Json.Nodes;
using Syncline.Client.Store;
using Syncline.Protocol;
using Syncline.Protocol.Validation;

namespace Syncline.Simulation.Tests.PropertyBased;

/// <summary>
/// How the server applies push items to a user's current state (PROTOCOL.md sections 3.2 and 4),
/// reduced to what a queue can change: CREATE inserts, UPDATE merges the fields given, DELETE removes
/// and cascades to the links of a collection or bookmark, setting <c>isReading</c> clears it on the
/// previous reading bookmark, a link needs its collection and bookmark. An item the server would
/// refuse (404) is recorded in <see cref="Refusals"/> and changes nothing, as when the client sets
/// it aside in its failed list and pushes the rest. Ids are the queue's: the server's renaming of
/// local ids is a bijection that changes no outcome here.
/// </summary>
internal sealed class ServerModel
{
    private readonly Dictionary<(string Resource, string Id), JsonObject> _live = [];
    private readonly HashSet<(string Resource, string Id)> _known = [];

    public List<string> Refusals { get; } = [];

    public IReadOnlyDictionary<(string Resource, string Id), JsonObject> Live => _live;

    /// <summary>What a user has before the device goes offline: two collections, two bookmarks (one the reading one), a link, a note.</summary>
    public static ServerModel Initial()
    {
        var server = new ServerModel();
        server.Put(ResourceNames.Collection, "c1", new() { ["name"] = "Morning", ["isPrivate"] = true });
        server.Put(ResourceNames.Collection, "c2", new() { ["name"] = "Evening", ["isPrivate"] = false });
        server.Put(ResourceNames.Bookmark, "b1", new() { ["type"] = "ayah", ["key"] = 2, ["verseNumber"] = 255, ["mushaf"] = 1, ["isReading"] = true });
        server.Put(ResourceNames.Bookmark, "b2", new() { ["type"] = "surah", ["key"] = 18, ["mushaf"] = 1 });
        server.Put(ResourceNames.CollectionBookmark, LinkRules.CompositeId("c1", "b1"), new() { ["collectionId"] = "c1", ["bookmarkId"] = "b1" });
        server.Put(ResourceNames.Note, "n1", new() { ["body"] = "A note from before", ["ranges"] = new JsonArray("1:1-1:7") });
        return server;
    }

    public ServerModel Clone()
    {
        var copy = new ServerModel();
        foreach (var (key, data) in _live)
        {
            copy._live[key] = data.DeepClone().AsObject();
        }

        copy._known.UnionWith(_known);
        return copy;
    }

    public void Apply(QueuedMutation m)
    {
        var key = m.Resource == ResourceNames.CollectionBookmark ? (m.Resource, LocalResource.LinkId(m.Data)) : (m.Resource, m.ResourceId);
        switch (m.Type)
        {
            case MutationTypes.Create when m.Resource == ResourceNames.CollectionBookmark:
                var collectionId = m.Data["collectionId"]!.GetValue<string>();
                var bookmarkId = m.Data["bookmarkId"]!.GetValue<string>();
                if (!_live.ContainsKey((ResourceNames.Collection, collectionId)) || !_live.ContainsKey((ResourceNames.Bookmark, bookmarkId)))
                {
                    Refuse(m, "404: its collection or bookmark does not exist");
                    return;
                }

                Put(key.Resource, key.Item2, new() { ["collectionId"] = collectionId, ["bookmarkId"] = bookmarkId });
                return;
            case MutationTypes.Create:
                if (_live.ContainsKey(key))
                {
                    Refuse(m, "a second CREATE of one record");
                    return;
                }

                if (m.Resource == ResourceNames.Bookmark && _live.Any(r => r.Key.Resource == ResourceNames.Bookmark && BookmarkRules.NaturalKey(r.Value) == BookmarkRules.NaturalKey(m.Data)))
                {
                    // The server would merge it into the live bookmark at that place; the queue could then
                    // not name it by its own id. A client that never queues this needs no model of it.
                    Refuse(m, "a CREATE at the place of a live bookmark");
                    return;
                }

                Put(key.Resource, key.Item2, m.Data.DeepClone().AsObject());
                ClearOtherReading(key, m.Data);
                return;
            case MutationTypes.Update:
                if (!_live.TryGetValue(key, out var stored))
                {
                    Refuse(m, "404: UPDATE of a record that does not exist");
                    return;
                }

                foreach (var (name, value) in m.Data)
                {
                    stored[name] = value?.DeepClone();
                }

                ClearOtherReading(key, m.Data);
                return;
            default:
                if (!_live.Remove(key))
                {
                    if (!_known.Contains(key))
                    {
                        Refuse(m, "404: DELETE of a record that never existed");
                    }

                    return;
                }

                var field = m.Resource switch
                {
                    ResourceNames.Collection => "collectionId",
                    ResourceNames.Bookmark => "bookmarkId",
                    _ => null,
                };
                if (field is not null)
                {
                    foreach (var link in _live.Where(r => r.Key.Resource == ResourceNames.CollectionBookmark && r.Value[field]!.GetValue<string>() == key.Item2).Select(r => r.Key).ToList())
                    {
                        _live.Remove(link);
                    }
                }

                return;
        }
    }

    /// <summary>The differences from <paramref name="other"/>, one line each; empty when the states are equal.</summary>
    public List<string> Differences(ServerModel other)
    {
        var lines = new List<string>();
        foreach (var key in _live.Keys.Union(other._live.Keys).Order())
        {
            var mine = _live.GetValueOrDefault(key);
            var theirs = other._live.GetValueOrDefault(key);
            if (!JsonNode.DeepEquals(mine, theirs))
            {
                lines.Add($"{key.Resource} {key.Id}: {mine?.ToJsonString() ?? "absent"} vs {theirs?.ToJsonString() ?? "absent"}");
            }
        }

        return lines;
    }

    public static string Describe(QueuedMutation m) =>
        FormattableString.Invariant($"#{m.Id} {m.Type} {m.Resource} {m.ResourceId} {m.Data.ToJsonString()}{(m.BatchKey is null ? string.Empty : " (sent)")}");

    private void Put(string resource, string id, JsonObject data)
    {
        _live[(resource, id)] = data;
        _known.Add((resource, id));
    }

    private void ClearOtherReading((string Resource, string Id) key, JsonObject data)
    {
        if (key.Resource != ResourceNames.Bookmark || data["isReading"]?.GetValue<bool>() != true)
        {
            return;
        }

        foreach (var (other, fields) in _live)
        {
            if (other.Resource == ResourceNames.Bookmark && other != key && fields["isReading"]?.GetValue<bool>() == true)
            {
                fields["isReading"] = false;
            }
        }
    }

    private void Refuse(QueuedMutation m, string why) => Refusals.Add($"{Describe(m)}: {why}");
}
