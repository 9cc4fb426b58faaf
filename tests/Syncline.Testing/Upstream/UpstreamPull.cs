using System.Text.Json.Nodes;

namespace Syncline.Testing.Upstream;

/// <summary>
/// A current-state pull: one entry per resource changed after the cursor, with the time of its latest
/// mutation and its latest data, ascending by that time, paged by keyset (<c>limit</c>, <c>hasMore</c>).
/// A resource deleted after the cursor is a DELETE, unless it was also created after the cursor: then it
/// is left out. One created after the cursor is a CREATE, whatever happened to it since; else an UPDATE.
/// </summary>
internal static class UpstreamPull
{
    public static JsonObject Page(UpstreamAccount account, long reportedHead, long since, IReadOnlySet<string>? resources, int limit, BookmarkEcho form)
    {
        var matching = account.Records.Values
            .Where(r => r.Timestamp > since && !(r.Deleted && r.CreatedAt > since) && (resources is null || resources.Contains(r.Resource)))
            .OrderBy(r => r.Timestamp)
            .ToList();
        var mutations = new JsonArray();
        foreach (var record in matching.Take(limit))
        {
            var isLink = record.Resource == "COLLECTION_BOOKMARK";
            var entry = new JsonObject
            {
                ["type"] = record.Deleted ? "DELETE" : record.CreatedAt > since ? "CREATE" : "UPDATE",
                ["resource"] = record.Resource,
                // Pulled links have no id of their own: their data carries both ids.
                ["resourceId"] = isLink ? null : record.Id,
                ["data"] = !record.Deleted ? UpstreamEcho.Data(account, record, form)
                    : isLink ? UpstreamEcho.LinkIds(record.Data) : new JsonObject(),
                ["timestamp"] = record.Timestamp,
            };
            mutations.Add(entry);
        }

        return new JsonObject
        {
            ["lastMutationAt"] = reportedHead,
            ["mutations"] = mutations,
            ["page"] = 1,
            ["limit"] = limit,
            ["total"] = matching.Count,
            ["hasMore"] = matching.Count > limit,
        };
    }
}
