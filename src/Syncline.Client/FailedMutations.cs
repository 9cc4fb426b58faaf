using Syncline.Client.Resources;
using Syncline.Client.Store;

namespace Syncline.Client;

/// <summary>Local changes that could not be applied, and what the app can do about each: retry or discard.</summary>
public sealed class FailedMutations
{
    private readonly LocalWriter _writer;
    private readonly TimeProvider _time;

    internal FailedMutations(LocalWriter writer, TimeProvider time)
    {
        _writer = writer;
        _time = time;
    }

    /// <summary>Every failed change, oldest first.</summary>
    public Task<IReadOnlyList<FailedMutation>> ListAsync(CancellationToken cancellationToken = default) =>
        _writer.ReadAsync<IReadOnlyList<FailedMutation>>(async (c, ct) => await c.FailedAsync(ct).ConfigureAwait(false), cancellationToken);

    /// <summary>
    /// Puts a failed change back in the queue, to be pushed on the next sync. An UPDATE of a record that
    /// is gone (deleted elsewhere) brings the record back as a new one, with the change applied; so does a
    /// CREATE whose record is gone (set aside when the account changed). Retrying a CREATE also retries the failed
    /// changes that name its record (its edits, its delete, its links), which could not be sent without it.
    /// </summary>
    public Task RetryAsync(long id, CancellationToken cancellationToken = default) =>
        _writer.WriteAsync(async (tx, ct) =>
        {
            var failed = await RequireAsync(tx, id, ct).ConfigureAwait(false);
            var record = await tx.Connection.FailedRecordAsync(id, ct).ConfigureAwait(false);
            var gone = await tx.Connection.GetAsync(failed.Resource, failed.ResourceId, ct).ConfigureAwait(false) is null;
            if (failed.Type is Protocol.MutationTypes.Update or Protocol.MutationTypes.Create && gone && record is not null)
            {
                foreach (var (name, value) in failed.Data)
                {
                    record[name] = value?.DeepClone();
                }

                var fields = LocalValidation.Fields(Protocol.MutationTypes.Create, failed.Resource, null, record);
                await tx.CreateAsync(failed.Resource, LocalIds.New(), fields, ct).ConfigureAwait(false);
            }
            else
            {
                await tx.Connection.EnqueueAsync(failed.Type, failed.Resource, failed.ResourceId, failed.Data, _time.GetUtcNow().ToUnixTimeMilliseconds(), ct).ConfigureAwait(false);
            }

            await tx.Connection.RemoveFailedAsync(id, ct).ConfigureAwait(false);
            if (failed.Type == Protocol.MutationTypes.Create && LocalIds.IsLocal(failed.ResourceId) && !gone)
            {
                await RetryDependentsAsync(tx, failed.ResourceId, ct).ConfigureAwait(false);
            }

            return true;
        }, cancellationToken);

    /// <summary>Drops a failed change; the record goes back to the last version the server confirmed (or away, if it never reached the server).</summary>
    public Task DiscardAsync(long id, CancellationToken cancellationToken = default) =>
        _writer.WriteAsync(async (tx, ct) =>
        {
            var failed = await RequireAsync(tx, id, ct).ConfigureAwait(false);
            await tx.Connection.RemoveFailedAsync(id, ct).ConfigureAwait(false);
            var stillQueued = (await tx.Connection.QueuedForAsync(failed.Resource, failed.ResourceId, ct).ConfigureAwait(false)).Count > 0;
            if (!stillQueued && await tx.Connection.GetAsync(failed.Resource, failed.ResourceId, ct).ConfigureAwait(false) is { } row)
            {
                if (row.ServerData is { } serverData)
                {
                    await tx.Connection.SaveAsync(row with { Data = serverData, Status = SyncStatus.Synced }, ct).ConfigureAwait(false);
                    await tx.Connection.RestoreLinksAsync(row.Resource, row.Id, ct).ConfigureAwait(false);
                }
                else
                {
                    await tx.Connection.RemoveAsync(row.Resource, row.Id, ct).ConfigureAwait(false);
                }
            }

            return true;
        }, cancellationToken);

    /// <summary>
    /// The changes that went to the failed list only because they name a record whose CREATE failed (edits, deletes,
    /// links: <c>OrphanedMutations</c>) go back to the queue with it, oldest first, so the user's edits are not left behind.
    /// </summary>
    private async Task RetryDependentsAsync(LocalTransaction tx, string localId, CancellationToken ct)
    {
        foreach (var dependent in await tx.Connection.FailedAsync(ct).ConfigureAwait(false))
        {
            var names = dependent.Resource == Protocol.ResourceNames.CollectionBookmark
                ? dependent.Data["collectionId"]?.GetValue<string>() == localId || dependent.Data["bookmarkId"]?.GetValue<string>() == localId
                : dependent.Type != Protocol.MutationTypes.Create && dependent.ResourceId == localId;
            if (names)
            {
                await tx.Connection.EnqueueAsync(dependent.Type, dependent.Resource, dependent.ResourceId, dependent.Data, _time.GetUtcNow().ToUnixTimeMilliseconds(), ct).ConfigureAwait(false);
                await tx.Connection.RemoveFailedAsync(dependent.Id, ct).ConfigureAwait(false);
            }
        }
    }

    private static async Task<FailedMutation> RequireAsync(LocalTransaction tx, long id, CancellationToken ct) =>
        await tx.Connection.FailedByIdAsync(id, ct).ConfigureAwait(false) ?? throw new SynclineNotFoundException($"No failed change {id}");
}
