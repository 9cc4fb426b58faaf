using Syncline.Server.Sync;

namespace Syncline.Server.Tests.Sync;

/// <summary>The per-user turns of pulls: a user's pulls past the limit wait, other users' do not.</summary>
public sealed class PullGateTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_pull_past_the_users_limit_waits_until_one_of_theirs_ends()
    {
        using var gate = new PullGate(perUser: 1, waitingPerUser: 10);
        var first = await gate.EnterAsync("heavy", Ct);
        Assert.True(first.IsAcquired);

        var second = gate.EnterAsync("heavy", Ct);
        Assert.False(second.IsCompleted);

        first.Dispose();
        using var turn = await second;
        Assert.True(turn.IsAcquired);
    }

    [Fact]
    public async Task Another_users_pull_does_not_wait_for_a_busy_user()
    {
        using var gate = new PullGate(perUser: 1, waitingPerUser: 10);
        using var busy = await gate.EnterAsync("heavy", Ct);

        var other = gate.EnterAsync("light", Ct);

        Assert.True(other.IsCompleted);
        using var turn = await other;
        Assert.True(turn.IsAcquired);
    }

    [Fact]
    public async Task A_pull_is_refused_when_too_many_of_the_users_pulls_already_wait()
    {
        using var gate = new PullGate(perUser: 1, waitingPerUser: 1);
        using var running = await gate.EnterAsync("heavy", Ct);
        var waiting = gate.EnterAsync("heavy", Ct);

        using var refused = await gate.EnterAsync("heavy", Ct);

        Assert.False(refused.IsAcquired);
        Assert.False(waiting.IsCompleted);
    }
}
