using System.Text.Json.Nodes;

namespace Syncline.Client.Tests.Support;

/// <summary>What the server holds for the devices' user: its log, and the current state replayed from it.</summary>
public static class ServerLog
{
    /// <summary>The user's log entries for one resource (and one id, when given), oldest first.</summary>
    public static async Task<List<JsonObject>> EntriesAsync(this Devices devices, string resource, string? id = null)
    {
        return [.. (await devices.ServerLogAsync()).Where(e => e["resource"]!.GetValue<string>() == resource
            && (id is null || e["resourceId"]?.GetValue<string>() == id))];
    }

    /// <summary>The server's current data of one record, or null when it is deleted or unknown (the log replayed).</summary>
    public static async Task<JsonObject?> CurrentAsync(this Devices devices, string resource, string id)
    {
        var last = (await devices.EntriesAsync(resource, id)).LastOrDefault();
        return last is null || last["type"]!.GetValue<string>() == "DELETE" ? null : last["data"]!.AsObject();
    }

    /// <summary>The types of entries, e.g. <c>["CREATE", "UPDATE"]</c>, to compare at a glance.</summary>
    public static string[] Types(this IEnumerable<JsonObject> entries) => [.. entries.Select(e => e["type"]!.GetValue<string>())];
}
