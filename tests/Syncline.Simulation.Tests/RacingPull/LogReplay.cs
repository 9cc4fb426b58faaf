using System.Text.Json.Nodes;

namespace Syncline.Simulation.Tests.RacingPull;

/// <summary>The current state a client builds by applying log entries in order: CREATE and UPDATE set the data the entry carries, DELETE removes.</summary>
internal sealed class LogReplay
{
    private readonly Dictionary<(string Resource, string Id), JsonNode?> _records = [];

    public int Count => _records.Count;

    public static LogReplay Of(IEnumerable<JsonObject> entries)
    {
        var replay = new LogReplay();
        replay.Apply(entries);
        return replay;
    }

    public void Apply(IEnumerable<JsonObject> entries)
    {
        foreach (var entry in entries)
        {
            var data = entry["data"];
            var key = (entry["resource"]!.GetValue<string>(), entry["resourceId"]?.GetValue<string>() ?? $"{data!["collectionId"]}-{data["bookmarkId"]}");
            if (entry["type"]!.GetValue<string>() == "DELETE")
            {
                _records.Remove(key);
            }
            else
            {
                _records[key] = data?.DeepClone();
            }
        }
    }

    /// <summary>The records that differ from <paramref name="other"/>'s, described; empty when both states are equal.</summary>
    public List<string> Differences(LogReplay other) =>
        [.. _records.Keys.Union(other._records.Keys)
            .Where(key => !(_records.TryGetValue(key, out var mine) && other._records.TryGetValue(key, out var theirs) && JsonNode.DeepEquals(mine, theirs)))
            .Select(key => $"{key.Resource} {key.Id}: {Describe(_records, key)} vs {Describe(other._records, key)}")];

    private static string Describe(Dictionary<(string, string), JsonNode?> records, (string, string) key) =>
        records.TryGetValue(key, out var data) ? data?.ToJsonString() ?? "null" : "absent";
}
