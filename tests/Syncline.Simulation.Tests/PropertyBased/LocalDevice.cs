using System.Globalization;
using System.Text.Json.Nodes;
using Syncline.Client.Store;
using Syncline.Protocol;
using Syncline.Protocol.Validation;

namespace Syncline.Simulation.Tests.PropertyBased;

/// <summary>What the app does on the device, one call of the SDK each (<see cref="Push"/> being a push of one batch).</summary>
internal enum LocalAction
{
    CreateCollection,
    RenameCollection,
    SetCollectionPrivate,
    DeleteCollection,
    AddBookmark,
    SetReading,
    DeleteBookmark,
    AddLink,
    RemoveLink,
    AddNote,
    EditNote,
    DeleteNote,
    Push,
}

/// <summary>One call; <see cref="Target"/> picks among the records the app can see, <see cref="Value"/> the field values.</summary>
internal readonly record struct LocalStep(LocalAction Action, int Target, int Value)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Action}({Target},{Value})");
}

/// <summary>
/// The device's local store reduced to what fills the mutation queue, following the SDK's writes
/// (<c>Resources/LocalTransaction.cs</c> and the typed collections): a CREATE under a new local id, an
/// UPDATE of the fields changed, a DELETE that hides the record; deleting a collection or bookmark
/// hides its visible links and takes back their unsent queued mutations (the server's cascade does
/// their work); adding a link that is visible is a no-op; setting the reading bookmark queues an
/// UPDATE clearing each other reading one, then its own UPDATE. Adding a bookmark at the place of a
/// visible one is a no-op. <see cref="OnServer"/> is what the rows' server data tell the SDK.
/// </summary>
internal sealed class LocalDevice
{
    private static readonly string[] Names = ["Morning", "Evening", "Night"];
    private static readonly string[] Bodies = ["The first body of a note", "The second body of a note", "The third body of a note"];
    private static readonly string[] Ranges = ["1:1-1:7", "2:255-2:257", "36:1-36:12"];

    private static readonly JsonObject[] Places =
    [
        new() { ["type"] = "ayah", ["key"] = 2, ["verseNumber"] = 255, ["mushaf"] = 1 },
        new() { ["type"] = "surah", ["key"] = 18, ["mushaf"] = 1 },
        new() { ["type"] = "ayah", ["key"] = 1, ["verseNumber"] = 1, ["mushaf"] = 1 },
        new() { ["type"] = "juz", ["key"] = 30, ["mushaf"] = 1 },
    ];

    private readonly Dictionary<(string Resource, string Id), JsonObject> _visible = [];
    private long _nextQueueId = 1;
    private int _nextLocalId = 1;

    public LocalDevice(ServerModel synced)
    {
        foreach (var (key, data) in synced.Live)
        {
            _visible[key] = data.DeepClone().AsObject();
            OnServer.Add(key);
        }
    }

    /// <summary>
    /// The records this device knows the server holds (rows with server data): the synced ones and those
    /// whose CREATE was acknowledged, less those whose DELETE was. A write changes none of it: a link
    /// removed and added back keeps what it knew.
    /// </summary>
    public HashSet<(string Resource, string Id)> OnServer { get; } = [];

    /// <summary>The mutation queue, oldest first.</summary>
    public List<QueuedMutation> Queue { get; } = [];

    /// <summary>Every mutation the app's writes queued, in write order, less those a later write took back: the queue before any folding.</summary>
    public List<QueuedMutation> Written { get; } = [];

    /// <summary>The queue ids that went out in a batch: a later write never takes those back.</summary>
    public HashSet<long> Sent { get; } = [];

    public void Write(LocalStep step)
    {
        var (action, target, value) = step;
        switch (action)
        {
            case LocalAction.CreateCollection:
                Create(ResourceNames.Collection, new() { ["name"] = Names[value % Names.Length], ["isPrivate"] = value % 2 == 0 });
                break;
            case LocalAction.RenameCollection when Pick(ResourceNames.Collection, target) is { } id:
                Update(ResourceNames.Collection, id, new() { ["name"] = Names[value % Names.Length] });
                break;
            case LocalAction.SetCollectionPrivate when Pick(ResourceNames.Collection, target) is { } id:
                Update(ResourceNames.Collection, id, new() { ["isPrivate"] = value % 2 == 0 });
                break;
            case LocalAction.DeleteCollection when Pick(ResourceNames.Collection, target) is { } id:
                Delete(ResourceNames.Collection, id, "collectionId");
                break;
            case LocalAction.AddBookmark:
                var place = Places[value % Places.Length];
                if (!_visible.Any(r => r.Key.Resource == ResourceNames.Bookmark && BookmarkRules.NaturalKey(r.Value) == BookmarkRules.NaturalKey(place)))
                {
                    Create(ResourceNames.Bookmark, place.DeepClone().AsObject());
                }

                break;
            case LocalAction.SetReading when Pick(ResourceNames.Bookmark, target) is { } id:
                foreach (var (key, data) in _visible.Where(r => r.Key.Resource == ResourceNames.Bookmark && r.Key.Id != id).ToList())
                {
                    if (data["isReading"]?.GetValue<bool>() == true)
                    {
                        Update(ResourceNames.Bookmark, key.Id, new() { ["isReading"] = false });
                    }
                }

                Update(ResourceNames.Bookmark, id, new() { ["isReading"] = true });
                break;
            case LocalAction.DeleteBookmark when Pick(ResourceNames.Bookmark, target) is { } id:
                Delete(ResourceNames.Bookmark, id, "bookmarkId");
                break;
            case LocalAction.AddLink when Pick(ResourceNames.Collection, target) is { } collectionId && Pick(ResourceNames.Bookmark, value) is { } bookmarkId:
                var linkId = LinkRules.CompositeId(collectionId, bookmarkId);
                if (!_visible.ContainsKey((ResourceNames.CollectionBookmark, linkId)))
                {
                    var keys = new JsonObject { ["collectionId"] = collectionId, ["bookmarkId"] = bookmarkId };
                    _visible[(ResourceNames.CollectionBookmark, linkId)] = keys;
                    Enqueue(MutationTypes.Create, ResourceNames.CollectionBookmark, linkId, keys.DeepClone().AsObject());
                }

                break;
            case LocalAction.RemoveLink when Pick(ResourceNames.CollectionBookmark, target) is { } removed:
                var link = _visible[(ResourceNames.CollectionBookmark, removed)];
                _visible.Remove((ResourceNames.CollectionBookmark, removed));
                Enqueue(MutationTypes.Delete, ResourceNames.CollectionBookmark, removed, link.DeepClone().AsObject());
                break;
            case LocalAction.AddNote:
                Create(ResourceNames.Note, new() { ["body"] = Bodies[value % Bodies.Length], ["ranges"] = new JsonArray(Ranges[value % Ranges.Length]), ["saveToQR"] = false });
                break;
            case LocalAction.EditNote when Pick(ResourceNames.Note, target) is { } id:
                var edit = new JsonObject { ["body"] = Bodies[value % Bodies.Length] };
                if (value % 2 == 1)
                {
                    edit["ranges"] = new JsonArray(Ranges[(value / 2) % Ranges.Length]);
                }

                Update(ResourceNames.Note, id, edit);
                break;
            case LocalAction.DeleteNote when Pick(ResourceNames.Note, target) is { } id:
                Delete(ResourceNames.Note, id, null);
                break;
        }
    }

    /// <summary>Drops rows of records that never reached the server, as the push planner does with a coalescing plan's <c>Vanished</c>.</summary>
    public void Forget(string resource, string id) => _visible.Remove((resource, id));

    private string? Pick(string resource, int target)
    {
        var ids = _visible.Keys.Where(k => k.Resource == resource).Select(k => k.Id).Order(StringComparer.Ordinal).ToList();
        return ids.Count == 0 ? null : ids[target % ids.Count];
    }

    private void Create(string resource, JsonObject fields)
    {
        var id = string.Create(CultureInfo.InvariantCulture, $"{LocalIds.Prefix}{resource.ToLowerInvariant()[0]}{_nextLocalId++}");
        _visible[(resource, id)] = fields.DeepClone().AsObject();
        Enqueue(MutationTypes.Create, resource, id, fields);
    }

    private void Update(string resource, string id, JsonObject fields)
    {
        foreach (var (name, value) in fields)
        {
            _visible[(resource, id)][name] = value?.DeepClone();
        }

        Enqueue(MutationTypes.Update, resource, id, fields);
    }

    private void Delete(string resource, string id, string? linkField)
    {
        _visible.Remove((resource, id));
        Enqueue(MutationTypes.Delete, resource, id, []);
        if (linkField is null)
        {
            return;
        }

        foreach (var link in _visible.Where(r => r.Key.Resource == ResourceNames.CollectionBookmark && r.Value[linkField]!.GetValue<string>() == id).Select(r => r.Key).ToList())
        {
            _visible.Remove(link);
            Queue.RemoveAll(m => m.BatchKey is null && (m.Resource, m.ResourceId) == link);
            Written.RemoveAll(m => (m.Resource, m.ResourceId) == link && !Sent.Contains(m.Id));
        }
    }

    private void Enqueue(string type, string resource, string id, JsonObject data)
    {
        var mutation = new QueuedMutation(_nextQueueId++, type, resource, id, data, CreatedAt: 0, RetryCount: 0, LastError: null, BatchKey: null);
        Queue.Add(mutation);
        Written.Add(mutation with { Data = data.DeepClone().AsObject() });
    }
}
