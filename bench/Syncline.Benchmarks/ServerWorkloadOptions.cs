using System.Globalization;

namespace Syncline.Benchmarks;

/// <summary>The sizes of the server workload; the defaults are the numbers.</summary>
/// <param name="Seed">Mutations seeded for the pull.</param>
/// <param name="Push">Mutations pushed in (b).</param>
/// <param name="Clients">Concurrent clients in (c).</param>
/// <param name="Seconds">Duration of (c).</param>
/// <param name="Store">Extra server settings selecting the store: <c>--store sqlite|sqlite-normal|postgres</c>.</param>
internal sealed record ServerWorkloadOptions(int Seed, int Push, int Clients, int Seconds, string Store = "sqlite")
{
    public const string Usage =
        "usage: server [--seed 100000] [--push 10000] [--clients 32] [--seconds 20] [--store sqlite|sqlite-normal|postgres]\n" +
        "       postgres needs SYNCLINE_BENCH_POSTGRES (a connection string to a database it may fill)";

    public static ServerWorkloadOptions Default { get; } = new(Seed: 100_000, Push: 10_000, Clients: 32, Seconds: 20);

    /// <summary>The server settings for <see cref="Store"/>.</summary>
    public IReadOnlyDictionary<string, string?> StoreSettings() => Store switch
    {
        "sqlite-normal" => new Dictionary<string, string?> { ["Syncline:Store"] = "Sqlite", ["Syncline:Sqlite:Durability"] = "Normal" },
        "postgres" => new Dictionary<string, string?>
        {
            ["Syncline:Store"] = "Postgres",
            ["ConnectionStrings:Syncline"] = Environment.GetEnvironmentVariable("SYNCLINE_BENCH_POSTGRES")
                ?? throw new InvalidOperationException("--store postgres needs SYNCLINE_BENCH_POSTGRES"),
        },
        _ => new Dictionary<string, string?> { ["Syncline:Store"] = "Sqlite" },
    };

    /// <summary>Reads <c>--name value</c> pairs; every value but the store's is a positive integer.</summary>
    public static bool TryParse(IReadOnlyList<string> args, out ServerWorkloadOptions options, out string? error)
    {
        options = Default;
        error = null;
        for (var i = 0; i < args.Count; i += 2)
        {
            if (args[i] == "--store" && i + 1 < args.Count && args[i + 1] is "sqlite" or "sqlite-normal" or "postgres")
            {
                options = options with { Store = args[i + 1] };
                continue;
            }

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
