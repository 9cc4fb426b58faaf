using System.Text.Json.Nodes;
using Syncline.Client;

namespace Syncline.Simulation.Tests.Simulation;

/// <summary>
/// What must hold once the network has healed and every device has synced until quiet. Each check
/// returns the violations it found, in words a reader of a failing seed can act on.
/// </summary>
internal static class Oracle
{
    /// <summary>
    /// Every write the device committed locally is on the server (some log entry carries it) or in the
    /// device's failed list with a reason: never silently gone.
    /// </summary>
    public static IEnumerable<string> WritesArrived(SimulatedDevice device, ServerHistory server, IReadOnlyList<FailedMutation> failed)
    {
        foreach (var failure in failed.Where(f => string.IsNullOrWhiteSpace(f.Reason)))
        {
            yield return $"{device.Plan.Name}: failed entry {failure.Id} has no reason";
        }

        foreach (var write in device.Ledger.Writes.Where(w => IsLost(w, server, failed)))
        {
            yield return $"{device.Plan.Name}: lost {write}; server log of it:\n{server.Trace(write.Resource, write.Tag, write.BookmarkPlace)}";
        }
    }

    /// <summary>A write neither on the server nor in the device's failed list.</summary>
    public static bool IsLost(LedgerWrite write, ServerHistory server, IReadOnlyList<FailedMutation> failed) =>
        !Arrived(write, server) && !InFailedList(write, server, failed);

    /// <summary>The device shows exactly the server's current records for its user, all synced, with nothing queued.</summary>
    public static async Task<IEnumerable<string>> SameStateAsServerAsync(SimulatedDevice device, ServerHistory server, CancellationToken ct)
    {
        var problems = new List<string>();
        var status = await device.Client.GetStatusAsync(ct);
        if (status.PendingCount != 0)
        {
            problems.Add($"{device.Plan.Name}: {status.PendingCount} changes still queued with nothing in the failed list to explain them");
        }

        var expected = ServerLines(server);
        var actual = await DeviceLinesAsync(device.Client, problems, ct);
        problems.AddRange(expected.Except(actual).Select(line => $"{device.Plan.Name}: missing here, on the server: {line}"));
        problems.AddRange(actual.Except(expected).Select(line => $"{device.Plan.Name}: here, not on the server: {line}"));
        return problems;
    }

    private static bool Arrived(LedgerWrite write, ServerHistory server)
    {
        switch (write.Kind)
        {
            case WriteKind.Wrote:
                return server.Ids(write.Resource, write.Tag).Count > 0;
            case WriteKind.Deleted:
            {
                // Never on the server: created and deleted on this device between two pushes.
                var ids = server.Ids(write.Resource, write.Tag);
                if (ids.Count == 0 || server.WasDeleted(write.Resource, ids))
                {
                    return true;
                }

                return write.OfUnsentRecord;
            }

            case WriteKind.MadeReading:
            {
                var bookmarks = server.Ids("BOOKMARK", write.Tag);
                return server.WasEverReading(bookmarks);
            }

            case WriteKind.Linked:
            {
                var (collections, bookmarks) = LinkEnds(write, server);
                return server.LinkWasCreated(collections, bookmarks);
            }

            case WriteKind.Unlinked:
            {
                var (collections, bookmarks) = LinkEnds(write, server);
                // Gone with its collection or bookmark, or never pushed (linked and unlinked between two pushes).
                return server.LinkWasDeleted(collections, bookmarks)
                    || !server.LinkWasCreated(collections, bookmarks)
                    || server.WasDeleted("COLLECTION", collections)
                    || server.WasDeleted("BOOKMARK", bookmarks)
                    || write.OfUnsentRecord;
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(write));
        }
    }

    /// <summary>
    /// The ids a link write may name on the server: those that carried its names, and the ids it was made
    /// with (seed 938: a rename of the collection lost a conflict, so the server never carried the new name).
    /// </summary>
    private static (HashSet<string> Collections, HashSet<string> Bookmarks) LinkEnds(LedgerWrite write, ServerHistory server) =>
        ([.. server.Ids("COLLECTION", write.Tag), .. write.Ids], [.. server.Ids("BOOKMARK", write.BookmarkPlace!), .. write.Ids]);

    /// <summary>
    /// A failed entry stands for the write when it names the write's record. A queued change names the ids
    /// current when it failed, which may be server ids the device learnt after writing; a link's change
    /// names its two ends, so it is matched by both.
    /// </summary>
    private static bool InFailedList(LedgerWrite write, ServerHistory server, IReadOnlyList<FailedMutation> failed)
    {
        if (write.Kind is WriteKind.Linked or WriteKind.Unlinked)
        {
            // Seed 34: the link was queued under the collection's local id; the sync that failed it had first
            // settled the collection's CREATE, so the failed entry names the collection and bookmark by server ids.
            var (collections, bookmarks) = LinkEnds(write, server);
            return failed.Any(f => f.Resource == "COLLECTION_BOOKMARK"
                && f.Data["collectionId"]?.GetValue<string>() is { } collection && collections.Contains(collection)
                && f.Data["bookmarkId"]?.GetValue<string>() is { } bookmark && bookmarks.Contains(bookmark));
        }

        var ids = new HashSet<string>(write.Ids);
        ids.UnionWith(server.Ids(write.Resource, write.Tag));
        return failed.Any(f => f.Resource == write.Resource
            && (ids.Contains(f.ResourceId)
                || f.Data.Select(p => p.Value).OfType<JsonValue>().Any(v => v.TryGetValue<string>(out var s) && (s == write.Tag || ids.Contains(s)))));
    }

    private static List<string> ServerLines(ServerHistory server) =>
        [.. server.Current.Select(r => Line(r.Key.Resource, r.Key.Id, r.Value)).Order(StringComparer.Ordinal)];

    private static async Task<List<string>> DeviceLinesAsync(SyncClient client, List<string> problems, CancellationToken ct)
    {
        var lines = new List<string>();
        var bookmarks = await client.Bookmarks.ListAsync(ct);
        problems.AddRange(bookmarks.Where(b => b.Status != SyncStatus.Synced).Select(b => $"bookmark {b.Id} is {b.Status}"));
        lines.AddRange(bookmarks.Select(b => Line("BOOKMARK", b.Id, new JsonObject
        {
            ["key"] = b.Key, ["verseNumber"] = b.VerseNumber, ["mushaf"] = b.Mushaf, ["isReading"] = b.IsReading,
        })));
        lines.AddRange((await client.Collections.ListAsync(ct)).Select(c => Line("COLLECTION", c.Id, new JsonObject { ["name"] = c.Name, ["isPrivate"] = c.IsPrivate })));
        lines.AddRange((await client.CollectionBookmarks.ListAsync(null, ct)).Select(l => Line("COLLECTION_BOOKMARK", $"{l.CollectionId}|{l.BookmarkId}", [])));
        lines.AddRange((await client.Notes.ListAsync(ct)).Select(n => Line("NOTE", n.Id, new JsonObject
        {
            ["body"] = n.Body, ["ranges"] = string.Join(',', n.Ranges), ["saveToQR"] = n.SaveToQR,
        })));
        return [.. lines.Order(StringComparer.Ordinal)];
    }

    /// <summary>A record as one line: resource, id and the fields both sides know, in one form.</summary>
    private static string Line(string resource, string id, JsonObject data) => resource switch
    {
        "BOOKMARK" => $"{resource} {id} {data["key"]}:{data["verseNumber"]} m{data["mushaf"]} reading={data["isReading"]?.GetValue<bool>() ?? false}",
        // A collection stored without isPrivate (upstream's __default__) is private: the documented default.
        "COLLECTION" => $"{resource} {id} '{data["name"]}' private={data["isPrivate"]?.GetValue<bool>() ?? true}",
        "NOTE" => $"{resource} {id} '{data["body"]}' {(data["ranges"] is JsonArray ranges ? string.Join(',', ranges.Select(r => r!.GetValue<string>())) : data["ranges"])} qr={data["saveToQR"]?.GetValue<bool>() ?? false}",
        _ => $"{resource} {id}",
    };
}
