using System.Net;

namespace Syncline.Client.Sync;

/// <summary>
/// What a sync reports: its <see cref="SyncState"/> as it goes, whether a failed call is backed off, ends the
/// sync offline or with an error, or throws (a refused token), and the state and result a sync ends with.
/// </summary>
internal sealed class SyncStatusPolicy(SyncClientOptions options, object sender)
{
    private readonly Backoff _backoff = new(options.BackoffBase, options.BackoffCap, options.Jitter, options.TimeProvider);
    private SyncState _state = SyncState.Idle;

    public event EventHandler<SyncState>? StateChanged;

    public SyncState State => _state;

    public void Enter(SyncState state)
    {
        if (_state != state)
        {
            _state = state;
            StateChanged?.Invoke(sender, state);
        }
    }

    /// <summary>Waits out attempt <paramref name="attempt"/> (from 0) of a retry, backing off.</summary>
    public Task BackOffAsync(int attempt, TimeSpan? retryAfter, CancellationToken ct)
    {
        Enter(SyncState.BackingOff);
        return _backoff.WaitAsync(attempt, retryAfter, ct);
    }

    /// <summary>Backs off after a failed call, or says why to stop: offline, or a failure no retry fixes.</summary>
    public async Task<SyncStop?> FailedCallAsync<T>(HttpOutcome<T> outcome, int failures, CancellationToken ct)
    {
        if (outcome.Status == HttpStatusCode.Unauthorized)
        {
            throw new SynclineAuthenticationException($"The server refused the token: {outcome.Describe()}");
        }

        if (!outcome.IsTransient)
        {
            return new SyncStop(outcome.Describe(), Offline: false);
        }

        if (failures > options.MaxTransientRetries)
        {
            // Unreachable is "offline"; a server that answers with errors is an error to show.
            return new SyncStop(outcome.Describe(), Offline: outcome.Unreachable);
        }

        await BackOffAsync(failures - 1, outcome.RetryAfter, ct).ConfigureAwait(false);
        return null;
    }

    /// <summary>The state a sync ends in and the result it reports: an offline stop is no error.</summary>
    public SyncResult Finish(SyncTally tally, SyncStop? stop, long pending)
    {
        Enter(stop is null ? SyncState.Idle : stop.Offline ? SyncState.Offline : SyncState.Error);
        return new SyncResult(
            tally.Pulled, tally.Pushed, tally.Conflicts, tally.Failed, pending, stop?.Offline ?? false, stop?.Offline == true ? null : stop?.Reason, tally.Resynced, tally.ResyncReason);
    }
}
