namespace Syncline.Client.Sync;

/// <summary>
/// Exponential backoff with full jitter: attempt n waits a random time in [0, min(cap, base·2ⁿ)),
/// but never less than a server's <c>Retry-After</c>. Clock and randomness are injected, so tests need no sleeps.
/// </summary>
internal sealed class Backoff(TimeSpan @base, TimeSpan cap, Func<double> jitter, TimeProvider time)
{
    public TimeSpan Delay(int attempt, TimeSpan? retryAfter = null)
    {
        var ceiling = Math.Min(cap.TotalMilliseconds, @base.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 30)));
        var delay = TimeSpan.FromMilliseconds(ceiling * jitter());
        return retryAfter is { } floor && floor > delay ? floor : delay;
    }

    public Task WaitAsync(int attempt, TimeSpan? retryAfter, CancellationToken ct) => Task.Delay(Delay(attempt, retryAfter), time, ct);
}
