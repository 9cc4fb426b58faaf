namespace Syncline.Server.Storage;

/// <summary>
/// Hands out a user's timestamps: <c>max(now_ms, previous + 1)</c>, so they are unique and
/// strictly increasing even inside one batch, across instances, and when the wall clock steps back.
/// </summary>
internal sealed class TimestampClock(long nowMs, long head)
{
    public long Last { get; private set; } = head;

    public long Next() => Last = Math.Max(nowMs, Last + 1);
}
