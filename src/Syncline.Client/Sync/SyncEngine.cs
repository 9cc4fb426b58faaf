using System.Net;
using Microsoft.Extensions.Logging;
using Syncline.Client.Resources;
using Syncline.Client.Store;

namespace Syncline.Client.Sync;

/// <summary>
/// Pull → apply → push → reconcile, one sync at a time: a second call joins the one running.
/// Every step commits locally before the next network call, so a sync stopped anywhere (crash,
/// cancellation, lost network) resumes where it stopped, loses nothing and applies nothing twice.
/// </summary>
internal sealed class SyncEngine(
    LocalDatabase database,
    SyncHttp http,
    SyncClientOptions options,
    ChangeFeed feed,
    object sender,
    ILogger logger) : IDisposable
{
    private const int MaxResyncRestarts = 3;
    private readonly Lock _gate = new();
    private readonly PullApplier _applier = new(options.ConflictResolver);
    private readonly ILinkEncoding _links = LinkEncoding.For(options.Profile);
    private readonly SyncStatusPolicy _status = new(options, sender);
    private readonly PushFailures _failures = new(database, options);
    private readonly SyncMetrics _metrics = new();
    private Task<SyncResult>? _running;
    private bool _resetting;

    public event EventHandler<SyncState>? StateChanged
    {
        add => _status.StateChanged += value;
        remove => _status.StateChanged -= value;
    }

    public event EventHandler<SyncResult>? Completed;

    public event EventHandler<SyncProgress>? Progress;

    public SyncState State => _status.State;

    /// <summary>Runs a sync, or joins the one already running (and its cancellation).</summary>
    public Task<SyncResult> SyncAsync(CancellationToken ct)
    {
        lock (_gate)
        {
            if (_running is { IsCompleted: false } running)
            {
                return running;
            }

            if (_resetting)
            {
                throw new InvalidOperationException("A reset of the local data is running: sync after it ends");
            }

            return _running = RunAsync(ct);
        }
    }

    /// <summary>Runs a <see cref="LocalReset"/> in one write transaction; never while a sync runs, which would write on under it.</summary>
    public async Task ResetAsync(Func<Microsoft.Data.Sqlite.SqliteConnection, CancellationToken, Task> reset, CancellationToken ct)
    {
        lock (_gate)
        {
            if (_running is { IsCompleted: false } || _resetting)
            {
                throw new InvalidOperationException("A sync is running: reset the local data after it ends (stop background sync first)");
            }

            _resetting = true;
        }

        try
        {
            await database.WriteAsync(reset, ct).ConfigureAwait(false);
        }
        finally
        {
            lock (_gate)
            {
                _resetting = false;
            }
        }
    }

    /// <summary>Asks the server for its head (one cheap call) and says whether a sync has anything to do: what background sync polls.</summary>
    public async Task<(bool Reachable, bool NeedsSync)> PollAsync(CancellationToken ct)
    {
        var head = await http.HeadAsync(ct).ConfigureAwait(false);
        if (!head.Succeeded)
        {
            return (!head.IsTransient, false);
        }

        using var connection = await database.OpenConnectionAsync(ct).ConfigureAwait(false);
        var cursor = (await connection.GetMetadataAsync(ct).ConfigureAwait(false)).LastMutationAt;
        return (true, head.Value != cursor || await connection.PendingCountAsync(ct).ConfigureAwait(false) > 0);
    }

    private long Now => options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    private async Task<SyncResult> RunAsync(CancellationToken ct)
    {
        // Leave the caller's context at once: the caller only awaits the shared task.
        await Task.Yield();
        var tally = new SyncTally();
        var started = options.TimeProvider.GetTimestamp();
        await database.WriteAsync((c, token) => c.MarkAttemptAsync(Now, token), ct).ConfigureAwait(false);
        try
        {
            await CheckOriginAsync(tally, ct).ConfigureAwait(false);
            var stop = await ResolveInFlightAsync(tally, ct).ConfigureAwait(false)
                ?? await PullAsync(tally, ct).ConfigureAwait(false)
                ?? await PushAsync(tally, ct).ConfigureAwait(false);
            if (stop is null)
            {
                await database.WriteAsync((c, token) => c.MarkSuccessAsync(Now, token), ct).ConfigureAwait(false);
            }

            var pending = await PendingAsync(ct).ConfigureAwait(false);
            var result = _status.Finish(tally, stop, pending);
            var duration = options.TimeProvider.GetElapsedTime(started);
            logger.Synced(tally.Pulled, tally.Pushed, tally.Conflicts, tally.Failed, pending, duration.TotalMilliseconds, stop?.Reason);
            _metrics.Record(result, duration);
            Completed?.Invoke(sender, result);
            return result;
        }
        catch (OperationCanceledException)
        {
            _status.Enter(SyncState.Idle);
            throw;
        }
        catch (Exception)
        {
            _status.Enter(SyncState.Error);
            throw;
        }
    }

    /// <summary>
    /// Before anything is sent (a batch left in flight included): is this the server and account the local data
    /// came from? If not, a <see cref="FullResync"/> starts (<see cref="ServerChange"/>).
    /// </summary>
    private async Task CheckOriginAsync(SyncTally tally, CancellationToken ct)
    {
        var current = ServerChange.Of(http.ServerUrl, await http.TokenAsync(ct).ConfigureAwait(false));
        if (await ReadAsync((c, token) => c.GetOriginAsync(token), ct).ConfigureAwait(false) == current)
        {
            // The usual case: no write transaction to find that nothing changed.
            return;
        }

        var (change, failed) = await database.WriteAsync((c, token) => ServerChange.CheckAsync(c, current, Now, token), ct).ConfigureAwait(false);
        if (change is { } reason)
        {
            tally.Failed += failed;
            logger.OriginChanged(reason, failed);
        }
    }

    /// <summary>
    /// A batch left in flight by an earlier sync (a crash, a lost response) is resent before anything
    /// is pulled: if the server applied it, its stored reply settles it first, so the pull cannot take
    /// this device's own entries for another device's (a note shown twice, simulation seeds 187, 880
    /// and 893). While a batch that may have been applied gets no answer, nothing is pulled. With
    /// idempotency keys a 409 proves it was not applied: it goes back to the queue before the pull, for
    /// the conflict policy; without them it is settled by the pull (<see cref="ConflictedAsync"/>). Any other refusal is left to the push, which acts on it. One a resend could apply twice is not
    /// resent: the pull settles it (<see cref="BatchSettlement"/>).
    /// </summary>
    private async Task<SyncStop?> ResolveInFlightAsync(SyncTally tally, CancellationToken ct)
    {
        for (var failures = 0; ;)
        {
            if (await BeginSettlementIfDueAsync(ct).ConfigureAwait(false))
            {
                return null;
            }

            var batch = await ReadAsync((c, token) => c.InFlightAsync(token), ct).ConfigureAwait(false);
            if (batch is null)
            {
                return null;
            }

            _status.Enter(SyncState.Pushing);
            var cursor = (await ReadAsync((c, token) => c.GetMetadataAsync(token), ct).ConfigureAwait(false)).LastMutationAt;
            var outcome = await SendAsync(batch, cursor, ct).ConfigureAwait(false);
            if (outcome.Succeeded)
            {
                await AcknowledgeAsync(batch, outcome.Value!, cursor, tally, ct).ConfigureAwait(false);
                return null;
            }

            if (outcome.Status == HttpStatusCode.Conflict)
            {
                if (await ConflictedAsync(batch, ct).ConfigureAwait(false))
                {
                    return null;
                }

                // To be settled by pulling: the loop's first step says so.
                continue;
            }

            if (!outcome.IsTransient)
            {
                return null;
            }

            tally.Failed += await _failures.RecordAttemptAsync(batch, outcome.Describe(), outcome.MaybeApplied, ct).ConfigureAwait(false);
            if (!batch.MaybeApplied && !outcome.MaybeApplied)
            {
                // Never applied: the pull cannot meet its entries, and the push resends it.
                return null;
            }

            if (await _status.FailedCallAsync(outcome, ++failures, ct).ConfigureAwait(false) is { } stop)
            {
                return stop;
            }
        }
    }

    /// <summary>
    /// Sends a batch, recording around the call that a send is out, so a sync cut off mid-send leaves
    /// the batch marked as maybe applied. An acknowledgement that does not answer the batch counts as
    /// an unreadable answer.
    /// </summary>
    private async Task<HttpOutcome<Protocol.PushResult>> SendAsync(PushBatch batch, long cursor, CancellationToken ct)
    {
        await database.WriteAsync((c, token) => c.MarkSendingAsync(batch.IdempotencyKey, Now, token), ct).ConfigureAwait(false);
        var outcome = await http.PushAsync(cursor, batch.Body, batch.IdempotencyKey, ct).ConfigureAwait(false);
        if (outcome.Succeeded && AckCheck.Mismatch(batch, outcome.Value!) is { } mismatch)
        {
            // The server answered, but not this batch as sent: nothing of it is reconciled. It may have been
            // applied, so it stays in flight, and the reason is what the sync reports if it keeps coming back.
            outcome = new HttpOutcome<Protocol.PushResult>(
                outcome.Status, default, null, null, $"{(int)outcome.Status} acknowledgement does not match the request: {mismatch}", MaybeApplied: true);
        }

        if (!outcome.Succeeded)
        {
            // A success is recorded by its acknowledgement, which removes the batch.
            await database.WriteAsync((c, token) => c.RecordSentAsync(batch.IdempotencyKey, outcome.MaybeApplied, token), ct).ConfigureAwait(false);
        }

        return outcome;
    }

    /// <summary>
    /// After a 409. It proves the batch was not applied only where a second copy of the request is harmless:
    /// SocketsHttpHandler resends a request by itself when a reused connection dies before any answer, so the
    /// 409 may answer that copy while the first was applied (upstream simulation seed 466: a note created
    /// twice). With idempotency keys the copy gets the stored reply, never a 409, so the batch goes back to
    /// the queue for the pull's conflict policy and a fresh plan. Without them it is kept, marked as maybe
    /// applied, and the next pull settles it by its echoes. Returns whether the batch was dissolved.
    /// </summary>
    private async Task<bool> ConflictedAsync(PushBatch batch, CancellationToken ct)
    {
        var dissolve = http.SendsIdempotencyKeys;
        await database.WriteAsync(
            async (c, token) =>
            {
                if (dissolve)
                {
                    await c.DissolveBatchAsync(batch.IdempotencyKey, token).ConfigureAwait(false);
                    return;
                }

                // A first copy the HTTP stack resent was applied before the copy this 409 answers, or dropped with its
                // connection: none is still on its way, so the settling pull need not wait out the lost-push window.
                await c.RecordSentAsync(batch.IdempotencyKey, maybeApplied: true, token).ConfigureAwait(false);
                await c.RecordAnsweredAsync(batch.IdempotencyKey, token).ConfigureAwait(false);
            },
            ct).ConfigureAwait(false);
        return dissolve;
    }

    private async Task<bool> BeginSettlementIfDueAsync(CancellationToken ct) =>
        // Asked before every push; a read answers the usual case (no batch in flight) without a write transaction.
        await ReadAsync((c, token) => c.HasBatchAsync(token), ct).ConfigureAwait(false)
        && await database.WriteAsync((c, token) => BatchSettlement.BeginIfDueAsync(c, http.SendsIdempotencyKeys, Now, token), ct).ConfigureAwait(false);

    private async Task AcknowledgeAsync(PushBatch batch, Protocol.PushResult result, long cursor, SyncTally tally, CancellationToken ct)
    {
        var changes = await database.WriteAsync((c, token) => Reconciler.ReconcileAsync(c, batch, result, cursor, token), ct).ConfigureAwait(false);
        tally.Pushed += batch.Mutations.Count;
        feed.Publish(sender, changes);
    }

    /// <summary>
    /// Pulls by keyset until the server has nothing more; each page is applied with its cursor in one
    /// transaction. A "cursor too old" answer turns the pull into a <see cref="FullResync"/> from 0.
    /// </summary>
    private async Task<SyncStop?> PullAsync(SyncTally tally, CancellationToken ct)
    {
        _status.Enter(SyncState.Pulling);
        long? total = null;
        long? walkStart = null;
        var restarts = 0;
        var settling = await ReadAsync((c, token) => c.IsSettlingAsync(token), ct).ConfigureAwait(false);
        for (var failures = 0; ;)
        {
            var metadata = await ReadAsync((c, token) => c.GetMetadataAsync(token), ct).ConfigureAwait(false);
            var cursor = metadata.LastMutationAt;
            var resyncing = metadata.Resyncing;
            tally.Resynced |= resyncing;
            tally.ResyncReason ??= metadata.ResyncReason;
            // A resync walks from 0 even when resumed after a crash: its later pages pass timestamps older than
            // the server's prune horizon without having missed anything, and must not be answered 410.
            var startedFrom = resyncing ? 0 : walkStart ??= cursor;
            // Sends of a batch being settled made before this have either reached the server by now or never will.
            var arrivedBy = Now - (long)options.LostPushWindow.TotalMilliseconds;
            var outcome = await http.PullAsync(cursor, startedFrom, options.PullPageSize, ct).ConfigureAwait(false);
            if (FullResync.IsCursorTooOld(outcome) && cursor > 0)
            {
                // A cursor of 0 never gets this answer, nor does a resync's walk (it sends startedFrom=0). A server
                // that answers it anyway (one that ignores startedFrom) gets a few fresh starts, then an error to show.
                if (++restarts > MaxResyncRestarts)
                {
                    return new SyncStop($"{outcome.Describe()} (after {MaxResyncRestarts} full resyncs in a row); will try again next sync", Offline: false);
                }

                await database.WriteAsync((c, token) => FullResync.BeginAsync(c, token), ct).ConfigureAwait(false);
                logger.HistoryPruned(cursor, outcome.Error?.Error.LastMutationAt);
                tally.ResyncReason = FullResyncReason.HistoryPruned;
                total = null;
                continue;
            }

            if (!outcome.Succeeded)
            {
                if (await _status.FailedCallAsync(outcome, ++failures, ct).ConfigureAwait(false) is { } stop)
                {
                    return stop;
                }

                _status.Enter(SyncState.Pulling);
                continue;
            }

            var page = outcome.Value!;
            if (page.LastMutationAt < cursor && cursor > 0)
            {
                // The server is behind this device: its data was reset or restored, or another deployment (a new
                // account's -1 included) answers at this address. Pushing at this cursor would meet 409s forever.
                if (++restarts > MaxResyncRestarts)
                {
                    return new SyncStop($"The server's head {page.LastMutationAt} stays behind this device's cursor (after {MaxResyncRestarts} full resyncs in a row); will try again next sync", Offline: false);
                }

                await database.WriteAsync((c, token) => FullResync.BeginAsync(c, FullResyncReason.ServerChanged, token), ct).ConfigureAwait(false);
                logger.ServerBehind(cursor, page.LastMutationAt);
                tally.ResyncReason = FullResyncReason.ServerChanged;
                total = null;
                continue;
            }

            total ??= page.Total;
            // On the last page the cursor may go to the head: the page and the head are one snapshot,
            // so nothing this token can read lies between. Entries it cannot read (a missing scope)
            // would otherwise hold the cursor back, and every push would meet a 409.
            var reached = page.HasMore || page.Mutations.Count > 0 && page.Mutations[^1].Timestamp > page.LastMutationAt
                ? page.Mutations[^1].Timestamp
                : page.LastMutationAt;
            // The last page of a resync ends it in the same transaction: once the cursor is at the head,
            // nothing (a poll of the head included) would tell a later sync that the sweep is still due.
            var sweep = resyncing && !page.HasMore;
            if (page.Mutations.Count == 0 && !sweep && !settling)
            {
                await database.WriteAsync((c, token) => c.AdvanceCursorAsync(reached, token), ct).ConfigureAwait(false);
            }
            else
            {
                var (settled, applied, swept) = await database.WriteAsync(async (c, token) =>
                {
                    var entries = await ServerData.ReadPageAsync(c, page.Mutations, token).ConfigureAwait(false);
                    // A batch being settled takes its echoes out of the page first (a no-op otherwise).
                    var own = await BatchSettlement.SettlePageAsync(c, entries, last: !page.HasMore, arrivedBy, token).ConfigureAwait(false);
                    var result = await _applier.ApplyAsync(c, own.Unsettled, Now, resyncing, token).ConfigureAwait(false);
                    if (resyncing)
                    {
                        await FullResync.MarkSeenAsync(c, entries, token).ConfigureAwait(false);
                    }

                    await c.AdvanceCursorAsync(reached, token).ConfigureAwait(false);
                    return (own, result, sweep ? await FullResync.FinishAsync(c, _applier, Now, token).ConfigureAwait(false) : null);
                }, ct).ConfigureAwait(false);
                tally.Pulled += page.Mutations.Count - settled.Acknowledged;
                tally.Pushed += settled.Acknowledged;
                tally.Conflicts += applied.Conflicts + (swept?.Conflicts ?? 0);
                tally.Failed += applied.Failed + (swept?.Failed ?? 0);
                feed.Publish(sender, [.. settled.Changes, .. applied.Changes, .. swept?.Changes ?? []]);
                if (page.Mutations.Count > 0)
                {
                    Progress?.Invoke(sender, new SyncProgress(tally.Pulled, Math.Max(total.Value, tally.Pulled)));
                }
            }

            if (!page.HasMore)
            {
                return null;
            }
        }
    }

    /// <summary>Pushes batch after batch until the queue holds nothing ready to send.</summary>
    private async Task<SyncStop?> PushAsync(SyncTally tally, CancellationToken ct)
    {
        var batchSize = options.PushBatchSize;
        var conflicts = 0;
        var failures = 0;
        var coalesce = true;
        var queued = await PendingAsync(ct).ConfigureAwait(false);
        var pushedBefore = tally.Pushed;
        while (true)
        {
            if (await BeginSettlementIfDueAsync(ct).ConfigureAwait(false))
            {
                // The batch in flight may have been applied, and a resend could apply it again: a pull settles it.
                if (await PullAsync(tally, ct).ConfigureAwait(false) is { } settleStop)
                {
                    return settleStop;
                }

                if (await ReadAsync((c, token) => c.IsSettlingAsync(token), ct).ConfigureAwait(false))
                {
                    // Not settled yet: part of it may still reach the server. Nothing else is sent before it is, as the
                    // queue may hold later changes of its records; a later sync settles it (the changes stay pending).
                    return null;
                }

                continue;
            }

            _status.Enter(SyncState.Pushing);
            var fold = coalesce;
            var (batch, unsendable) = await database.WriteAsync((c, token) => PushPlanner.NextAsync(c, batchSize, Now, fold, _links, token), ct).ConfigureAwait(false);
            tally.Failed += unsendable;
            coalesce = false;
            if (batch is null)
            {
                // Nothing ready; what is still queued waits for a record that will never be created.
                tally.Failed += await database.WriteAsync((c, token) => OrphanedMutations.FailAsync(c, Now, token), ct).ConfigureAwait(false);
                return null;
            }

            var cursor = (await ReadAsync((c, token) => c.GetMetadataAsync(token), ct).ConfigureAwait(false)).LastMutationAt;
            var outcome = await SendAsync(batch, cursor, ct).ConfigureAwait(false);
            if (outcome.Succeeded)
            {
                var result = outcome.Value!;
                await AcknowledgeAsync(batch, result, cursor, tally, ct).ConfigureAwait(false);
                var sent = tally.Pushed - pushedBefore;
                Progress?.Invoke(sender, new SyncProgress(sent, Math.Max(queued, sent), SyncPhase.Push));
                failures = 0;
                // Side effects (or other devices) moved the head past our last item: learn them now.
                if (result.Mutations.Count > 0 && result.LastMutationAt > result.Mutations[^1].Timestamp
                    && await PullAsync(tally, ct).ConfigureAwait(false) is { } pullStop)
                {
                    return pullStop;
                }

                continue;
            }

            switch (outcome.Status)
            {
                case HttpStatusCode.Conflict:
                    // Recorded first, also when giving up: without keys even this 409 may answer a second copy.
                    var dissolved = await ConflictedAsync(batch, ct).ConfigureAwait(false);
                    if (++conflicts > options.MaxConflictRetries)
                    {
                        // The server's last words say why (e.g. a first-sync rule this client does not meet).
                        return new SyncStop($"Still out of sync after {options.MaxConflictRetries} pull-and-push rounds ({outcome.Describe()}); will try again next sync", Offline: false);
                    }

                    await _status.BackOffAsync(conflicts - 1, null, ct).ConfigureAwait(false);
                    // A batch kept for settling is pulled for by the loop's first step, which knows to settle it.
                    if (dissolved && await PullAsync(tally, ct).ConfigureAwait(false) is { } stop)
                    {
                        return stop;
                    }

                    continue;
                case HttpStatusCode.NotFound or HttpStatusCode.UnprocessableEntity when outcome.Error?.Error.Index is { } index && index < batch.Mutations.Count:
                    // That one mutation can never apply; the rest go in a new batch.
                    tally.Failed += await _failures.FailOneAsync(batch, index, outcome.Error!.Message, ct).ConfigureAwait(false);
                    continue;
                case HttpStatusCode.NotFound or HttpStatusCode.UnprocessableEntity when batch.Mutations.Count > 1:
                    // Refused whole without naming the item (the upstream service's 404s and gateway 422s). Nothing was
                    // applied (all or nothing), so halves are sent until the item it refuses is alone and fails alone:
                    // one bad change must not take the rest of the batch to the failed list.
                    batchSize = Math.Max(1, batch.Mutations.Count / 2);
                    await database.WriteAsync((c, token) => c.DissolveBatchAsync(batch.IdempotencyKey, token), ct).ConfigureAwait(false);
                    continue;
                case HttpStatusCode.RequestEntityTooLarge when batch.Mutations.Count > 1:
                    batchSize = Math.Max(1, batch.Mutations.Count / 2);
                    await database.WriteAsync((c, token) => c.DissolveBatchAsync(batch.IdempotencyKey, token), ct).ConfigureAwait(false);
                    continue;
            }

            if (outcome.IsTransient)
            {
                tally.Failed += await _failures.RecordAttemptAsync(batch, outcome.Describe(), outcome.MaybeApplied, ct).ConfigureAwait(false);
                if (await _status.FailedCallAsync(outcome, ++failures, ct).ConfigureAwait(false) is { } stop)
                {
                    return stop;
                }

                continue;
            }

            if (outcome.Status == HttpStatusCode.Unauthorized)
            {
                throw new SynclineAuthenticationException($"The server refused the token: {outcome.Describe()}");
            }

            // Refused whole for a reason no retry fixes (a missing scope, a limit, the one item a bisection found): say why,
            // per mutation; the batches after it are whole again.
            batchSize = options.PushBatchSize;
            tally.Failed += await _failures.FailAllAsync(batch, outcome.Describe(), ct).ConfigureAwait(false);
        }
    }

    public void Dispose() => _metrics.Dispose();

    private Task<long> PendingAsync(CancellationToken ct) => ReadAsync((c, token) => c.PendingCountAsync(token), ct);

    private async Task<T> ReadAsync<T>(Func<Microsoft.Data.Sqlite.SqliteConnection, CancellationToken, Task<T>> read, CancellationToken ct)
    {
        using var connection = await database.OpenConnectionAsync(ct).ConfigureAwait(false);
        return await read(connection, ct).ConfigureAwait(false);
    }
}
