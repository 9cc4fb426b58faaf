using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Syncline.Client.Sync;

namespace Syncline.Client.Tests;

/// <summary>When background sync runs, on a fake clock: debounce, polling, backoff, connectivity.</summary>
public sealed class SyncSchedulerTests : IAsyncDisposable
{
    private static readonly SyncResult Complete = new(0, 0, 0, 0, 0, false, null);
    private static readonly SyncResult Offline = new(0, 0, 0, 0, 1, true, null);

    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-25T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly List<DateTimeOffset> _syncs = [];
    private readonly List<DateTimeOffset> _polls = [];
    private readonly SyncScheduler _scheduler;
    private readonly ListLogger _log = new();
    private Func<SyncResult> _syncResult = () => Complete;
    private (bool Reachable, bool NeedsSync) _pollResult = (true, false);
    private int _running;
    private int _mostAtOnce;

    public SyncSchedulerTests()
    {
        var options = new SyncClientOptions
        {
            SyncDebounce = TimeSpan.FromSeconds(2),
            PollInterval = TimeSpan.FromSeconds(30),
            BackoffBase = TimeSpan.FromSeconds(1),
            TimeProvider = _time,
            Jitter = () => 1.0,
        };
        _scheduler = new SyncScheduler(SyncAsync, PollAsync, options, _ => { }, _log);
        _scheduler.Start();
    }

    [Fact]
    public async Task Writes_are_synced_once_two_seconds_after_the_last_one()
    {
        _scheduler.LocalChange();
        await AdvanceAsync(TimeSpan.FromSeconds(1));
        _scheduler.LocalChange();
        await AdvanceAsync(TimeSpan.FromSeconds(1.5));
        var beforeDue = _syncs.Count;
        await AdvanceAsync(TimeSpan.FromSeconds(0.5));

        Assert.Equal(0, beforeDue);
        await EventuallyAsync(() => _syncs.Count == 1);
        await AdvanceAsync(TimeSpan.FromSeconds(10));
        Assert.Single(_syncs);
    }

    [Fact]
    public async Task Idle_polling_asks_every_30_seconds_and_syncs_only_when_there_is_something_new()
    {
        await AdvanceAsync(TimeSpan.FromSeconds(30));
        await EventuallyAsync(() => _polls.Count == 1);
        await AdvanceAsync(TimeSpan.FromSeconds(30));
        await EventuallyAsync(() => _polls.Count == 2);
        Assert.Empty(_syncs);

        _pollResult = (true, true);
        await AdvanceAsync(TimeSpan.FromSeconds(30));

        await EventuallyAsync(() => _syncs.Count == 1);
        Assert.Equal(3, _polls.Count);
    }

    [Fact]
    public async Task Offline_backs_off_doubling_up_to_the_poll_interval()
    {
        _syncResult = () => Offline;
        _pollResult = (false, false);
        var start = _time.GetUtcNow();
        _scheduler.LocalChange();

        await AdvanceAsync(TimeSpan.FromSeconds(100), step: TimeSpan.FromSeconds(1));

        // The sync at 2 s fails, then each attempt waits base·2ⁿ: 2, 4, 8, 16, then the 30 s cap.
        var attempts = _syncs.Concat(_polls).Order().Select(t => (t - start).TotalSeconds).ToList();
        Assert.Equal([2, 4, 8, 16, 32, 62, 92], attempts);
        Assert.Single(_syncs);
    }

    [Fact]
    public async Task A_background_sync_that_throws_is_logged_with_its_exception_and_tried_again()
    {
        _syncResult = () => _syncs.Count == 1 ? throw new SynclineAuthenticationException("The server refused the token") : Complete;
        _pollResult = (true, true);
        _scheduler.LocalChange();

        await AdvanceAsync(TimeSpan.FromSeconds(10), step: TimeSpan.FromSeconds(1));

        await EventuallyAsync(() => _syncs.Count == 2);
        var entry = Assert.Single(_log.Entries);
        Assert.Equal(LogLevel.Error, entry.Level);
        Assert.IsType<SynclineAuthenticationException>(entry.Exception);
    }

    [Fact]
    public async Task Coming_online_triggers_exactly_one_sync()
    {
        _scheduler.ConnectivityChanged(online: false);
        await AdvanceAsync(TimeSpan.FromSeconds(1));
        _scheduler.ConnectivityChanged(online: true);
        await AdvanceAsync(TimeSpan.FromSeconds(1));
        await EventuallyAsync(() => _syncs.Count == 1);
        await AdvanceAsync(TimeSpan.FromSeconds(5));

        Assert.Single(_syncs);
    }

    [Fact]
    public async Task A_write_during_a_sync_waits_for_it_and_then_syncs_again()
    {
        var release = new TaskCompletionSource();
        var first = true;
        _syncResult = () => Complete;
        _slowSync = async () =>
        {
            if (first)
            {
                first = false;
                await release.Task;
            }
        };
        _scheduler.LocalChange();
        await AdvanceAsync(TimeSpan.FromSeconds(2));
        await EventuallyAsync(() => _running == 1);
        _scheduler.LocalChange();
        await AdvanceAsync(TimeSpan.FromSeconds(3));
        var whileRunning = _syncs.Count;
        release.SetResult();

        await EventuallyAsync(() => _syncs.Count == 2);
        Assert.Equal(0, whileRunning);
        Assert.Equal(1, _mostAtOnce);
    }

    public async ValueTask DisposeAsync() => await _scheduler.DisposeAsync();

    private Func<Task> _slowSync = () => Task.CompletedTask;

    private async Task<SyncResult> SyncAsync(CancellationToken ct)
    {
        var running = Interlocked.Increment(ref _running);
        _mostAtOnce = Math.Max(_mostAtOnce, running);
        await _slowSync();
        lock (_syncs)
        {
            _syncs.Add(_time.GetUtcNow());
        }

        Interlocked.Decrement(ref _running);
        return _syncResult();
    }

    private Task<(bool Reachable, bool NeedsSync)> PollAsync(CancellationToken ct)
    {
        lock (_polls)
        {
            _polls.Add(_time.GetUtcNow());
        }

        return Task.FromResult(_pollResult);
    }

    /// <summary>Moves the fake clock in small steps, letting the scheduler's loop run between them.</summary>
    private async Task AdvanceAsync(TimeSpan by, TimeSpan? step = null)
    {
        var tick = step ?? TimeSpan.FromMilliseconds(250);
        for (var moved = TimeSpan.Zero; moved < by; moved += tick)
        {
            await Settle();
            _time.Advance(tick);
        }

        await Settle();
    }

    /// <summary>Waits (in real time) until the loop has done all that is due on the fake clock: it waits for a later time, or sits in a sync.</summary>
    private async Task Settle() =>
        await EventuallyAsync(() => _scheduler.IsCaughtUp(_time.GetUtcNow()) || Volatile.Read(ref _running) > 0);

    private static async Task EventuallyAsync(Func<bool> condition)
    {
        for (var i = 0; i < 2000 && !condition(); i++)
        {
            await Task.Delay(2, TestContext.Current.CancellationToken);
        }

        Assert.True(condition());
    }

    /// <summary>Keeps what was logged, for a test to read.</summary>
    private sealed class ListLogger : ILogger
    {
        public List<(LogLevel Level, Exception? Exception)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Entries)
            {
                Entries.Add((logLevel, exception));
            }
        }
    }
}
