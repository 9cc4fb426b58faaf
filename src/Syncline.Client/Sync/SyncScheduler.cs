using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Syncline.Client.Sync;

/// <summary>
/// Decides when background sync runs: shortly after local writes (debounced), when the server
/// becomes reachable, and when a cheap poll of the head says there is something to pull or push.
/// While offline or failing it backs off. One loop, so never two syncs at once; all timing goes
/// through the <see cref="TimeProvider"/>, so tests drive it with a fake clock.
/// </summary>
internal sealed class SyncScheduler : IAsyncDisposable
{
    private readonly Func<CancellationToken, Task<SyncResult>> _sync;
    private readonly Func<CancellationToken, Task<(bool Reachable, bool NeedsSync)>> _poll;
    private readonly SyncClientOptions _options;
    private readonly Action<bool> _reportReachability;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private DateTimeOffset? _syncDue;
    private DateTimeOffset _notBefore = DateTimeOffset.MinValue;
    private int _failures;
    private Task? _loop;

    public SyncScheduler(
        Func<CancellationToken, Task<SyncResult>> sync,
        Func<CancellationToken, Task<(bool Reachable, bool NeedsSync)>> poll,
        SyncClientOptions options,
        Action<bool> reportReachability,
        ILogger? logger = null)
    {
        _logger = logger ?? NullLogger.Instance;
        _sync = sync;
        _poll = poll;
        _options = options;
        _reportReachability = reportReachability;
    }

    private TimeProvider Time => _options.TimeProvider;

    private DateTimeOffset? _waitingUntil;
    private int _waitingVersion;
    private int _version;

    public void Start() => _loop = Task.Run(() => RunAsync(_stop.Token));

    /// <summary>
    /// Whether the loop has done everything due by <paramref name="now"/> and is waiting, with no
    /// trigger since it planned that wait. Lets tests on a fake clock move time only when it has caught up.
    /// </summary>
    internal bool IsCaughtUp(DateTimeOffset now)
    {
        lock (_gate)
        {
            return _waitingUntil > now && _waitingVersion == _version;
        }
    }

    /// <summary>A local write: sync after the debounce, each new write pushing it back.</summary>
    public void LocalChange() => Schedule(Time.GetUtcNow() + _options.SyncDebounce);

    /// <summary>The server became reachable (or not): sync at once, forgetting the backoff.</summary>
    public void ConnectivityChanged(bool online)
    {
        if (!online)
        {
            return;
        }

        lock (_gate)
        {
            _failures = 0;
            _notBefore = DateTimeOffset.MinValue;
        }

        Schedule(Time.GetUtcNow());
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            try
            {
                await _loop.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        _stop.Dispose();
        _wake.Dispose();
    }

    private void Schedule(DateTimeOffset at)
    {
        lock (_gate)
        {
            _syncDue = at > _notBefore ? at : _notBefore;
            _version++;
        }

        _wake.Release();
    }

    private async Task RunAsync(CancellationToken stop)
    {
        var nextPoll = Time.GetUtcNow() + _options.PollInterval;
        while (!stop.IsCancellationRequested)
        {
            DateTimeOffset? syncDue;
            int version;
            lock (_gate)
            {
                syncDue = _syncDue;
                version = _version;
            }

            var due = syncDue is { } s && s < nextPoll ? s : nextPoll;
            await WaitUntilAsync(due, version, stop).ConfigureAwait(false);
            var now = Time.GetUtcNow();
            bool runSync;
            lock (_gate)
            {
                runSync = _syncDue is { } d && d <= now;
                if (runSync)
                {
                    _syncDue = null;
                }
            }

            if (!runSync && nextPoll <= now)
            {
                var (reachable, needsSync) = await PollQuietlyAsync(stop).ConfigureAwait(false);
                _reportReachability(reachable);
                runSync = reachable && needsSync;
                if (!reachable)
                {
                    Failed();
                }
            }

            if (runSync)
            {
                await SyncQuietlyAsync(stop).ConfigureAwait(false);
            }

            if (nextPoll <= now || runSync)
            {
                lock (_gate)
                {
                    nextPoll = _failures > 0 ? _notBefore : Time.GetUtcNow() + _options.PollInterval;
                }
            }
        }
    }

    private async Task SyncQuietlyAsync(CancellationToken stop)
    {
        try
        {
            var result = await _sync(stop).ConfigureAwait(false);
            _reportReachability(!result.Offline);
            if (result.Offline || result.Error is not null)
            {
                Failed();
            }
            else
            {
                lock (_gate)
                {
                    _failures = 0;
                    _notBefore = DateTimeOffset.MinValue;
                }
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !stop.IsCancellationRequested)
        {
            // A refused token or a local fault: keep the loop alive, try again later; say why, or nobody ever will.
            _logger.BackgroundSyncFailed(exception);
            Failed();
        }
    }

    private async Task<(bool Reachable, bool NeedsSync)> PollQuietlyAsync(CancellationToken stop)
    {
        try
        {
            return await _poll(stop).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !stop.IsCancellationRequested)
        {
            _logger.BackgroundPollFailed(exception);
            return (false, false);
        }
    }

    /// <summary>
    /// Offline or failing: the next attempt waits base·2ⁿ (full jitter), at most one poll interval,
    /// counted from now, after the attempt (which may have taken a long timeout).
    /// </summary>
    private void Failed()
    {
        var now = Time.GetUtcNow();
        lock (_gate)
        {
            _failures++;
            var ceiling = Math.Min(_options.PollInterval.TotalMilliseconds, _options.BackoffBase.TotalMilliseconds * Math.Pow(2, Math.Min(_failures, 30)));
            _notBefore = now + TimeSpan.FromMilliseconds(Math.Max(1, ceiling * _options.Jitter()));
            if (_syncDue is { } due && due < _notBefore)
            {
                _syncDue = _notBefore;
            }
        }
    }

    private async Task WaitUntilAsync(DateTimeOffset due, int version, CancellationToken stop)
    {
        var delay = due - Time.GetUtcNow();
        if (delay <= TimeSpan.Zero)
        {
            return;
        }

        using var woken = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var timer = Task.Delay(delay, Time, woken.Token);
        var wake = _wake.WaitAsync(woken.Token);
        lock (_gate)
        {
            (_waitingUntil, _waitingVersion) = (due, version);
        }

        await Task.WhenAny(timer, wake).ConfigureAwait(false);
        lock (_gate)
        {
            _waitingUntil = null;
        }

        await woken.CancelAsync().ConfigureAwait(false);
        stop.ThrowIfCancellationRequested();
    }
}
