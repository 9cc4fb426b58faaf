using System.Globalization;

namespace Syncline.Benchmarks;

/// <summary>The sizes of the server workload; the defaults are the numbers.</summary>
internal sealed record ServerWorkloadOptions(int Seed, int Push, int Clients, int Seconds)
{
    public const string Usage = "usage: server [--seed 100000] [--push 10000] [--clients 32] [--seconds 20]";

    public static ServerWorkloadOptions Default { get; } = new(Seed: 100_000, Push: 10_000, Clients: 32, Seconds: 20);

    /// <summary>Reads <c>--name value</c> pairs; every value is a positive integer.</summary>
    public static bool TryParse(IReadOnlyList<string> args, out ServerWorkloadOptions options, out string? error)
    {
        options = Default;
        error = null;
        for (var i = 0; i < args.Count; i += 2)
        {
            if (i + 1 >= args.Count
                || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value)
                || value < 1)
            {
                error = $"{args[i]} needs a positive integer";
                return false;
            }

            switch (args[i])
            {
                case "--seed": options = options with { Seed = value }; break;
                case "--push": options = options with { Push = value }; break;
                case "--clients": options = options with { Clients = value }; break;
                case "--seconds": options = options with { Seconds = value }; break;
                default: error = $"unknown option {args[i]}"; return false;
            }
        }

        return true;
    }
}
