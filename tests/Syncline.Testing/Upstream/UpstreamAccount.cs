using System.Text.Json.Nodes;

namespace Syncline.Testing.Upstream;

/// <summary>
/// One user's state on the emulated server: the latest version of every resource it ever had (deleted ones
/// as tombstones) and its head. A batch is applied to a <see cref="Clone"/> that replaces the state only
/// when the whole batch succeeded, so a refused batch changes nothing.
/// </summary>
internal sealed class UpstreamAccount
{
    public const string DefaultCollectionId = "__default__";

    public Lock Gate { get; } = new();

    public Dictionary<string, StoredRecord> Records { get; private init; } = [];

    /// <summary>
    /// Every mutation applied, in the server's order, as log entries (<c>timestamp</c>, <c>type</c>, <c>resource</c>,
    /// <c>resourceId</c>, stored <c>data</c>): what a judge of history reads, since pulls give only the current state.
    /// A working copy starts with an empty log; <see cref="Adopt"/> appends it.
    /// </summary>
    public List<JsonObject> Log { get; private init; } = [];

    /// <summary>The timestamp of the latest mutation; 0 while the account has none.</summary>
    public long Head { get; set; }

    public static UpstreamAccount Open(FirstSync rule, TimeProvider time)
    {
        var account = new UpstreamAccount();
        if (rule == FirstSync.DefaultCollection)
        {
            var at = account.NextTimestamp(time);
            var favorites = new StoredRecord("COLLECTION", DefaultCollectionId, new JsonObject { ["name"] = "Favorites", ["isDefault"] = true }, at, at);
            account.Put(favorites);
            account.Logged("CREATE", favorites);
        }

        return account;
    }

    /// <summary>Strictly increasing per user: <c>max(now, head + 1)</c>.</summary>
    public long NextTimestamp(TimeProvider time) => Head = Math.Max(time.GetUtcNow().ToUnixTimeMilliseconds(), Head + 1);

    public StoredRecord? Find(string resource, string id) => Records.GetValueOrDefault(Key(resource, id));

    public StoredRecord? FindLive(string resource, string id) => Find(resource, id) is { Deleted: false } live ? live : null;

    public IEnumerable<StoredRecord> Live(string resource) => Records.Values.Where(r => r.Resource == resource && !r.Deleted);

    public void Put(StoredRecord record) => Records[Key(record.Resource, record.Id)] = record;

    /// <summary>Appends a mutation of <paramref name="record"/>, as it now stands, to the log; a link is logged without an id of its own.</summary>
    public void Logged(string type, StoredRecord record) => Log.Add(new JsonObject
    {
        ["timestamp"] = record.Timestamp,
        ["type"] = type,
        ["resource"] = record.Resource,
        ["resourceId"] = record.Resource == "COLLECTION_BOOKMARK" ? null : record.Id,
        ["data"] = record.Data.DeepClone(),
    });

    public UpstreamAccount Clone() => new()
    {
        Head = Head,
        Records = Records.ToDictionary(p => p.Key, p => p.Value.Clone()),
    };

    /// <summary>Takes over the state of a working copy whose batch succeeded.</summary>
    public void Adopt(UpstreamAccount working)
    {
        Records.Clear();
        foreach (var (key, record) in working.Records)
        {
            Records[key] = record;
        }

        Head = working.Head;
        Log.AddRange(working.Log);
    }

    private static string Key(string resource, string id) => $"{resource}/{id}";
}
