using Syncline.Server.Storage;
using Syncline.Server.Storage.Sqlite;
using Syncline.Server.Tests.Support;

namespace Syncline.Server.Tests.Storage;

/// <summary>The SQLite store's group commit, on a real file: writes that queue together commit together, each on its own terms.</summary>
public sealed class SqliteGroupCommitTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("syncline-store-").FullName;
    private readonly SqliteSyncStore _store;

    public SqliteGroupCommitTests() => _store = new SqliteSyncStore(Path.Combine(_directory, "store.db"));

    [Fact]
    public async Task A_write_that_throws_inside_a_group_rolls_back_alone_and_the_others_commit()
    {
        var ct = TestContext.Current.CancellationToken;
        await _store.MigrateAsync(ct);
        using var release = new SemaphoreSlim(0);
        // The first write holds the writer while the others queue up behind it, so they form one group.
        var (holder, holding) = HoldWriter(release, ct);
        await holding;
        var writes = Enumerable.Range(0, 6).Select(i => _store.WriteAsync($"user-{i}", async (session, token) =>
        {
            var outcome = await AppendAsync(session, $"user-{i}", token);
            return i == 3 ? throw new InvalidOperationException("this push fails") : outcome;
        }, ct)).ToList();
        await QueuedAsync(6, ct);
        release.Release();
        await holder;

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => writes[3]);
        Assert.Equal("this push fails", failure.Message);
        foreach (var i in new[] { 0, 1, 2, 4, 5 })
        {
            await writes[i];
            Assert.Equal(1000 + 1, await _store.GetHeadAsync($"user-{i}", ct));
        }

        Assert.Equal(0, await _store.GetHeadAsync("user-3", ct));
        Assert.Empty((await _store.ReadPageAsync(new LogQuery("user-3", 0, null, 100, 1), ct)).Entries);
    }

    [Fact]
    public async Task A_refused_write_in_a_group_leaves_nothing_while_the_next_write_of_the_same_user_sees_the_committed_head()
    {
        var ct = TestContext.Current.CancellationToken;
        await _store.MigrateAsync(ct);
        var first = _store.WriteAsync("same-user", (session, token) => AppendAsync(session, "same-user", token), ct);
        var refused = _store.WriteAsync("same-user", async (session, token) =>
        {
            await session.AppendAsync(new LogEntry(session.Head + 1, "CREATE", "NOTE", "x", "{}"), token);
            return new TestOutcome(Commit: false);
        }, ct);
        var second = _store.WriteAsync("same-user", (session, token) => AppendAsync(session, "same-user", token), ct);

        await Task.WhenAll(first, refused, second);

        var log = (await _store.ReadPageAsync(new LogQuery("same-user", 0, null, 100, 1), ct)).Entries;
        Assert.Equal(2, log.Count);
        Assert.Equal(log[^1].Timestamp, await _store.GetHeadAsync("same-user", ct));
    }

    [Fact]
    public async Task A_write_queued_behind_a_full_group_of_abandoned_writes_still_runs()
    {
        var ct = TestContext.Current.CancellationToken;
        await _store.MigrateAsync(ct);
        using var release = new SemaphoreSlim(0);
        var (holder, holding) = HoldWriter(release, ct);
        await holding;
        using var cts = new CancellationTokenSource();
        var abandoned = Enumerable.Range(0, SqliteGroupCommit.MaxGroup).Select(i => _store.WriteAsync($"gone-{i}", (s, t) => AppendAsync(s, $"gone-{i}", t), cts.Token)).ToList();
        await QueuedAsync(SqliteGroupCommit.MaxGroup, ct);
        await cts.CancelAsync();
        foreach (var write in abandoned)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => write);
        }

        var last = _store.WriteAsync("last", (s, t) => AppendAsync(s, "last", t), ct);
        await QueuedAsync(SqliteGroupCommit.MaxGroup + 1, ct);
        release.Release();
        await holder;

        await last.WaitAsync(TimeSpan.FromSeconds(5), ct);
        Assert.Equal(1001, await _store.GetHeadAsync("last", ct));
    }

    public void Dispose()
    {
        _store.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>A write that holds the writer until <paramref name="release"/> is released; <c>Holding</c> completes once it runs (its group has left the queue).</summary>
    private (Task<TestOutcome> Write, Task Holding) HoldWriter(SemaphoreSlim release, CancellationToken ct)
    {
        var holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var write = _store.WriteAsync("holder", async (session, token) =>
        {
            holding.SetResult();
            await release.WaitAsync(token);
            return await AppendAsync(session, "holder", token);
        }, ct);
        return (write, holding.Task);
    }

    /// <summary>Waits until <paramref name="count"/> writes wait in the queue: ordering by the store's state, not by sleeping.</summary>
    private async Task QueuedAsync(int count, CancellationToken ct)
    {
        while (_store.QueuedWrites < count)
        {
            await Task.Yield();
            ct.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Saves a resource, appends its entry after the head and moves the head: the shape of a one-item push.</summary>
    private static async Task<TestOutcome> AppendAsync(IUserWriteSession session, string userId, CancellationToken ct)
    {
        var timestamp = Math.Max(session.Head + 1, 1001);
        await session.SaveAsync(new ResourceRow("NOTE", $"{userId}-{timestamp}", new System.Text.Json.Nodes.JsonObject(), Deleted: false, timestamp), ct);
        await session.AppendAsync(new LogEntry(timestamp, "CREATE", "NOTE", $"{userId}-{timestamp}", "{}"), ct);
        await session.SetHeadAsync(timestamp, session.Usage, ct);
        return new TestOutcome(Commit: true);
    }

    private sealed record TestOutcome(bool Commit) : IWriteOutcome;
}
