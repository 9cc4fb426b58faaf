namespace Syncline.Simulation.Tests.Network;

/// <summary>
/// The probability of each fault per request (each 0..1, together at most 1; the rest passes).
/// </summary>
public sealed record FaultRates(double Delay = 0, double DropRequest = 0, double DropResponse = 0, double ServiceUnavailable = 0, double Reset = 0)
{
    /// <summary>A healthy network: every request passes.</summary>
    public static FaultRates None { get; } = new();

    /// <summary>The longest a <see cref="Fault.Delay"/> holds a request back.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>The fault for a uniform draw in [0, 1): the rates laid end to end in the order of <see cref="Fault"/>.</summary>
    internal Fault Pick(double draw)
    {
        var edge = 0.0;
        foreach (var (fault, rate) in Ordered)
        {
            edge += rate;
            if (draw < edge)
            {
                return fault;
            }
        }

        return Fault.Pass;
    }

    internal void Validate()
    {
        foreach (var (fault, rate) in Ordered)
        {
            if (!(rate is >= 0 and <= 1))
            {
                throw new ArgumentOutOfRangeException(nameof(FaultRates), rate, $"The rate of {fault} must be between 0 and 1.");
            }
        }

        // A little slack, so rates such as 0.1 * 10 that add up to 1 in decimal are not refused.
        var sum = Ordered.Sum(r => r.Rate);
        if (sum > 1 + 1e-9)
        {
            throw new ArgumentOutOfRangeException(nameof(FaultRates), sum, "The fault rates must add up to at most 1.");
        }

        if (MaxDelay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(FaultRates), MaxDelay, "MaxDelay must not be negative.");
        }
    }

    private (Fault Fault, double Rate)[] Ordered =>
        [(Fault.Delay, Delay), (Fault.DropRequest, DropRequest), (Fault.DropResponse, DropResponse), (Fault.ServiceUnavailable, ServiceUnavailable), (Fault.Reset, Reset)];
}
