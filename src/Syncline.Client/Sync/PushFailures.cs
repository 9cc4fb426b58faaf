using Microsoft.Data.Sqlite;
using Syncline.Client.Store;
using Syncline.Protocol;

namespace Syncline.Client.Sync;

/// <summary>
/// The failure bookkeeping of a push: attempts counted on each mutation, and the mutations that move to the
/// failed list (with the queued links that could never be sent without them). Each method returns how many moved.
/// </summary>
internal sealed class PushFailures(LocalDatabase database, SyncClientOptions options)
{
    private long Now => options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>
    /// A transient failure of a push, counted on each mutation. One tried too often moves to the failed
    /// list, but only when no send of its batch may have reached the server: a batch that may have
    /// been applied, even once, is resent with its key until the server says what became of it.
    /// </summary>
    public Task<int> RecordAttemptAsync(PushBatch batch, string error, bool maybeApplied, CancellationToken ct) =>
        database.WriteAsync(async (c, token) =>
        {
            var exhausted = 0;
            foreach (var mutation in batch.Mutations)
            {
                var tried = mutation with { RetryCount = mutation.RetryCount + 1, LastError = error };
                if (tried.RetryCount >= options.MaxMutationAttempts && !maybeApplied && !batch.MaybeApplied)
                {
                    exhausted += await FailAsync(c, tried, $"Gave up after {tried.RetryCount} attempts: {error}", token).ConfigureAwait(false);
                }
                else
                {
                    await c.ReplaceQueuedAsync(tried, token).ConfigureAwait(false);
                }
            }

            if (exhausted > 0)
            {
                await c.DissolveBatchAsync(batch.IdempotencyKey, token).ConfigureAwait(false);
            }

            return exhausted;
        }, ct);

    /// <summary>The server refused item <paramref name="index"/> of the batch: it fails alone, and the rest go in a new batch.</summary>
    public Task<int> FailOneAsync(PushBatch batch, int index, string reason, CancellationToken ct) =>
        database.WriteAsync(async (c, token) =>
        {
            var failed = await FailAsync(c, batch.Mutations[index], reason, token).ConfigureAwait(false);
            await c.DissolveBatchAsync(batch.IdempotencyKey, token).ConfigureAwait(false);
            return failed;
        }, ct);

    /// <summary>The server refused the whole batch for a reason no retry fixes: every mutation of it fails.</summary>
    public Task<int> FailAllAsync(PushBatch batch, string reason, CancellationToken ct) =>
        database.WriteAsync(async (c, token) =>
        {
            var failed = 0;
            foreach (var mutation in batch.Mutations)
            {
                failed += await FailAsync(c, mutation, reason, token).ConfigureAwait(false);
            }

            await c.DissolveBatchAsync(batch.IdempotencyKey, token).ConfigureAwait(false);
            return failed;
        }, ct);

    /// <summary>
    /// Moves a mutation to the failed list; when it is the CREATE of a collection or bookmark that
    /// never reached the server, the queued links to it go too (they could never be sent). Returns how many moved.
    /// </summary>
    private async Task<int> FailAsync(SqliteConnection c, QueuedMutation mutation, string reason, CancellationToken ct)
    {
        await c.MoveToFailedAsync(mutation, reason, Now, ct).ConfigureAwait(false);
        if (mutation.Type != MutationTypes.Create || !LocalIds.IsLocal(mutation.ResourceId))
        {
            return 1;
        }

        var moved = 1;
        foreach (var link in (await c.QueuedLinksAsync(ct).ConfigureAwait(false)).Where(m => m.BatchKey is null))
        {
            if (link.Data["collectionId"]?.GetValue<string>() == mutation.ResourceId || link.Data["bookmarkId"]?.GetValue<string>() == mutation.ResourceId)
            {
                await c.MoveToFailedAsync(link, $"Its {mutation.Resource.ToLowerInvariant()} could not be created: {reason}", Now, ct).ConfigureAwait(false);
                moved++;
            }
        }

        return moved;
    }
}
