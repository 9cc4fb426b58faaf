using System.Text.Json.Nodes;
using Syncline.Client.Store;
using Syncline.Protocol;

namespace Syncline.Client.Sync;

/// <summary>
/// Folds a record's unsent mutations into the fewest that reach the same state:
/// CREATE+UPDATE → CREATE; UPDATE+UPDATE → one merged UPDATE; CREATE+DELETE → nothing (and queued
/// links to that record go too) unless the server has the record; UPDATE+DELETE → DELETE; a link's
/// DELETE+CREATE → CREATE, and a DELETE after that stays a DELETE (the server has the link).
/// Mutations already in a sent batch are never touched: that batch is resent unchanged. A merged
/// change keeps the place of the latest change it holds.
/// </summary>
internal static class QueueCoalescing
{
    /// <summary>What to do to the queue: rewrite some mutations, drop others, and drop the rows of records that never reached the server.</summary>
    public sealed record Plan(IReadOnlyList<QueuedMutation> Rewritten, IReadOnlyList<long> Dropped, IReadOnlyList<(string Resource, string Id)> Vanished);

    /// <param name="queue">The whole queue, oldest first.</param>
    /// <param name="onServer">
    /// The records the server holds as far as this device knows (a row with server data): a link the
    /// server has may start its group with the CREATE an earlier fold left of DELETE+CREATE.
    /// </param>
    public static Plan Coalesce(IReadOnlyList<QueuedMutation> queue, IReadOnlySet<(string Resource, string Id)> onServer)
    {
        var rewritten = new Dictionary<long, QueuedMutation>();
        var dropped = new HashSet<long>();
        var vanished = new List<(string, string)>();
        foreach (var group in queue.Where(m => m.BatchKey is null).GroupBy(m => (m.Resource, m.ResourceId)))
        {
            QueuedMutation? current = null;
            // A group that starts with anything but a CREATE is about a record the server has (or will
            // have from a sent batch): a CREATE after its DELETE is a link added back, and a DELETE
            // after that CREATE must still reach the server. The queue alone cannot tell once a fold
            // has made that pair a lone CREATE and the sync ended before sending it: the row can.
            var serverHasIt = group.First().Type != MutationTypes.Create || onServer.Contains(group.Key);
            var gone = false;
            foreach (var next in group)
            {
                if (current is null)
                {
                    current = next;
                    continue;
                }

                switch (current.Type, next.Type)
                {
                    case (MutationTypes.Create, MutationTypes.Update):
                    case (MutationTypes.Update, MutationTypes.Update):
                        // The merged change takes the later place in the queue: a change with effects on
                        // other records (setting the reading bookmark) must stay after what came before it.
                        dropped.Add(current.Id);
                        rewritten.Remove(current.Id);
                        current = next with { Type = current.Type, Data = Merge(current.Data, next.Data) };
                        rewritten[current.Id] = current;
                        break;
                    case (MutationTypes.Create, MutationTypes.Delete) when !serverHasIt:
                        dropped.Add(current.Id);
                        dropped.Add(next.Id);
                        rewritten.Remove(current.Id);
                        gone = true;
                        current = null;
                        break;
                    case (MutationTypes.Create, MutationTypes.Delete):
                    case (MutationTypes.Update, MutationTypes.Delete):
                    case (MutationTypes.Delete, MutationTypes.Create):
                    case (MutationTypes.Delete, MutationTypes.Delete):
                        dropped.Add(current.Id);
                        rewritten.Remove(current.Id);
                        current = next;
                        break;
                    default:
                        current = next;
                        break;
                }
            }

            // Only a record that ends as nothing vanishes: a link added back after that stays.
            if (gone && current is null)
            {
                vanished.Add(group.Key);
            }
        }

        // Links to a record that never reached the server cannot reach it either.
        var vanishedIds = vanished.Select(v => v.Item2).ToHashSet(StringComparer.Ordinal);
        foreach (var link in queue.Where(m => m.BatchKey is null && m.Resource == ResourceNames.CollectionBookmark && !dropped.Contains(m.Id)))
        {
            if (vanishedIds.Contains(link.Data["collectionId"]?.GetValue<string>() ?? string.Empty)
                || vanishedIds.Contains(link.Data["bookmarkId"]?.GetValue<string>() ?? string.Empty))
            {
                dropped.Add(link.Id);
                rewritten.Remove(link.Id);
                vanished.Add((link.Resource, link.ResourceId));
            }
        }

        return new Plan([.. rewritten.Values], [.. dropped], vanished);
    }

    private static JsonObject Merge(JsonObject first, JsonObject second)
    {
        var merged = first.DeepClone().AsObject();
        foreach (var (name, value) in second)
        {
            merged[name] = value?.DeepClone();
        }

        return merged;
    }
}
