using System.Collections.Concurrent;

namespace Syncline.Server.Storage.Sqlite;

/// <summary>
/// Group commit behind SQLite's one writer: a write joins the queue, and whoever holds the writer gate runs every
/// queued write as one group (the store's <c>runGroup</c>: one transaction, one commit), which answers them all.
/// Under load one fsync serves many writes; alone, a write is its own group. The gate also serves work that must
/// run alone between groups (pruning), and the store's shutdown.
/// </summary>
/// <param name="runGroup">Runs one group and completes each write's <see cref="PendingWrite.Done"/>; only called holding the gate.</param>
internal sealed class SqliteGroupCommit(Func<IReadOnlyList<PendingWrite>, Task> runGroup) : IDisposable
{
    /// <summary>Most writes committed together; a bound keeps one group's latency in check.</summary>
    public const int MaxGroup = 64;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConcurrentQueue<PendingWrite> _queue = new();

    /// <summary>Writes queued and not yet taken into a group: lets a test know that writes have queued, without sleeping.</summary>
    public int Queued => _queue.Count;

    /// <summary>Queues the write and returns its outcome once the group that ran it has committed (or failed).</summary>
    public async Task<IWriteOutcome> WriteAsync(PendingWrite pending)
    {
        _queue.Enqueue(pending);

        // Either this write is done by the group someone else leads, or this caller gets the gate and leads.
        using var stopWaiting = CancellationTokenSource.CreateLinkedTokenSource(pending.Cancellation);
        var gate = _gate.WaitAsync(stopWaiting.Token);
        if (await Task.WhenAny(pending.Done.Task, gate) == gate)
        {
            try
            {
                await gate;
            }
            catch (OperationCanceledException) when (pending.Done.Task.IsCompleted)
            {
                // Cancelled while a leader already ran this write: its outcome stands (it may be committed).
                return await pending.Done.Task;
            }

            try
            {
                // Groups run in queue order, at most MaxGroup at a time: lead until this write has run,
                // or abandoned writes ahead of it could leave it waiting for a leader that never comes.
                while (!pending.Done.Task.IsCompleted)
                {
                    await runGroup(NextGroup());
                }
            }
            finally
            {
                _gate.Release();
            }
        }
        else
        {
            await stopWaiting.CancelAsync();
            try
            {
                // The wait may have won the gate just before it was cancelled: then give it back.
                await gate;
                _gate.Release();
            }
            catch (OperationCanceledException)
            {
            }
        }

        return await pending.Done.Task;
    }

    /// <summary>Runs <paramref name="work"/> alone, between groups.</summary>
    public async Task<T> AloneAsync<T>(Func<Task<T>> work, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            return await work();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Waits (a bounded time) for a group in progress to finish, then closes the gate for good.</summary>
    public void Dispose()
    {
        _gate.Wait(TimeSpan.FromSeconds(5));
        _gate.Dispose();
    }

    private List<PendingWrite> NextGroup()
    {
        var group = new List<PendingWrite>();
        while (group.Count < MaxGroup && _queue.TryDequeue(out var next))
        {
            group.Add(next);
        }

        return group;
    }
}
