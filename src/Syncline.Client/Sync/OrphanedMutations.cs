using Microsoft.Data.Sqlite;
using Syncline.Client.Store;
using Syncline.Protocol;

namespace Syncline.Client.Sync;

/// <summary>
/// Queued changes that name a record by a local id no queued CREATE will ever replace: its CREATE went
/// to the failed list (refused, or in a batch refused whole) or was discarded there. They wait for a
/// server id that never comes, so the queue would never empty and no sync would ever complete; they go
/// to the failed list; retrying their record's CREATE puts them back in the queue with it (<see cref="FailedMutations.RetryAsync"/>).
/// </summary>
internal static class OrphanedMutations
{
    /// <summary>Moves every orphan to the failed list; returns how many moved. Runs inside a write transaction.</summary>
    public static async Task<int> FailAsync(SqliteConnection connection, long now, CancellationToken ct)
    {
        var queued = await connection.QueuedAsync(ct).ConfigureAwait(false);
        var creating = queued.Where(m => m.Type == MutationTypes.Create && LocalIds.IsLocal(m.ResourceId)).Select(m => m.ResourceId).ToHashSet();
        var moved = 0;
        foreach (var mutation in queued.Where(m => m.BatchKey is null))
        {
            if (LocalIdsNamed(mutation).FirstOrDefault(id => !creating.Contains(id)) is { } missing)
            {
                await connection.MoveToFailedAsync(mutation, $"It names {missing}, a record whose creation is in the failed list or was discarded; retrying that creation sends this too", now, ct).ConfigureAwait(false);
                moved++;
            }
        }

        return moved;
    }

    /// <summary>The local ids a mutation needs replaced by server ids before it can be sent (a CREATE's own id is not one).</summary>
    private static IEnumerable<string> LocalIdsNamed(QueuedMutation mutation)
    {
        if (mutation.Resource == ResourceNames.CollectionBookmark)
        {
            return new[] { mutation.Data["collectionId"]?.GetValue<string>(), mutation.Data["bookmarkId"]?.GetValue<string>() }
                .OfType<string>().Where(LocalIds.IsLocal);
        }

        return mutation.Type != MutationTypes.Create && LocalIds.IsLocal(mutation.ResourceId) ? [mutation.ResourceId] : [];
    }
}
