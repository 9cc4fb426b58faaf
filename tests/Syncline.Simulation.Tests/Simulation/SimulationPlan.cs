using Syncline.Simulation.Tests.Network;

namespace Syncline.Simulation.Tests.Simulation;

/// <summary>
/// Everything one seed decides before the run starts: how many users and devices, how bad each
/// device's network is, which conflict policy and batch sizes each device uses, and how long it runs.
/// </summary>
internal sealed record SimulationPlan(int Seed, IReadOnlyList<DevicePlan> Devices, int Steps)
{
    public static SimulationPlan For(int seed)
    {
        var random = new Random(seed);
        var users = random.Next(1, 4);
        var devices = new List<DevicePlan>();
        for (var user = 0; user < users; user++)
        {
            // At least two devices for the first user, so every seed has edits racing across devices.
            var count = user == 0 ? random.Next(2, 4) : random.Next(1, 3);
            for (var device = 0; device < count; device++)
            {
                devices.Add(new DevicePlan(
                    User: $"sim-{seed}-user-{user}",
                    Name: $"u{user}d{device}",
                    Network: RandomRates(random),
                    Policy: (ConflictPolicy)random.Next(3),
                    PullPageSize: random.Next(3) == 0 ? random.Next(2, 8) : 1000,
                    PushBatchSize: random.Next(3) == 0 ? random.Next(1, 6) : 100)
                {
                    // Drawn apart from the plan's own sequence, so every seed keeps the story it had before clocks differed.
                    ClockOffset = TimeSpan.FromMilliseconds(new Random(DeviceSeed(seed, $"clock u{user}d{device}")).Next(-5_000, 5_001)),
                });
            }
        }

        return new SimulationPlan(seed, devices, Steps: random.Next(40, 80));
    }

    /// <summary>
    /// A seed for one device's own randomness (its faults, its clock), the same in every process: HashCode.Combine,
    /// used before, is randomized per process, so a replay did not meet the faults of the run it replayed.
    /// </summary>
    public static int DeviceSeed(int seed, string name) => name.Aggregate(seed * 7919, (hash, c) => unchecked((hash * 31) + c));

    /// <summary>
    /// How long a push whose answer was lost may still reach the server here: the fault proxy holds a request at most
    /// 40 ms before it forwards it, even after the client gave up (seed 297 of the upstream run); the rest is room for a
    /// loaded machine. Devices wait this long before they take a pull without the push's echoes as proof it was not applied.
    /// </summary>
    public static readonly TimeSpan LostPushWindow = TimeSpan.FromMilliseconds(250);

    private static FaultRates RandomRates(Random random) => new(
        Delay: random.NextDouble() * 0.2,
        DropRequest: random.NextDouble() * 0.1,
        DropResponse: random.NextDouble() * 0.15,
        ServiceUnavailable: random.NextDouble() * 0.1,
        Reset: random.NextDouble() * 0.1)
    {
        MaxDelay = TimeSpan.FromMilliseconds(random.Next(1, 40)),
    };
}

/// <summary>One device: whose it is, its network and its client settings.</summary>
internal sealed record DevicePlan(string User, string Name, FaultRates Network, ConflictPolicy Policy, int PullPageSize, int PushBatchSize)
{
    /// <summary>How far the device's clock is off the server's.</summary>
    public TimeSpan ClockOffset { get; init; }
}

/// <summary>The client's built-in conflict policies.</summary>
internal enum ConflictPolicy
{
    LocalChangesWin,
    ServerWins,
    ClientWins,
}
