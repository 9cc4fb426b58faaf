using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Syncline.Server.Hosting;

namespace Syncline.Server.Sync;

/// <summary>
/// How many pulls of one user stream at once (<c>Syncline:Pull:MaxConcurrentPerUser</c>); more wait
/// their turn, oldest first, up to <see cref="MaxWaitingPerUser"/>. One user's many devices (or one
/// client's many connections) then take a bounded share of the server's CPU and memory, and other
/// users' pulls are not queued behind theirs.
/// </summary>
internal sealed class PullGate(int perUser, int waitingPerUser) : IDisposable
{
    /// <summary>Pulls of one user that may wait for a turn; past it a pull is refused (429).</summary>
    public const int MaxWaitingPerUser = 100;

    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(userId =>
        RateLimitPartition.GetConcurrencyLimiter(userId, _ => new ConcurrencyLimiterOptions
        {
            PermitLimit = perUser,
            QueueLimit = waitingPerUser,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        }));

    public PullGate(IOptions<SynclineServerOptions> options)
        : this(options.Value.Pull.MaxConcurrentPerUser, MaxWaitingPerUser)
    {
    }

    /// <summary>Waits for the user's turn. The lease is not acquired when too many already wait; dispose it when the pull is written.</summary>
    public ValueTask<RateLimitLease> EnterAsync(string userId, CancellationToken cancellationToken) =>
        _limiter.AcquireAsync(userId, 1, cancellationToken);

    public void Dispose() => _limiter.Dispose();
}
