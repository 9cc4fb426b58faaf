namespace Syncline.Testing;

/// <summary>The system clock moved by <see cref="Offset"/>, as on a device that comes back after a while, or any device whose clock is not the server's; timers and delays stay real.</summary>
public sealed class ShiftedClock : TimeProvider
{
    public TimeSpan Offset { get; set; }

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
}
