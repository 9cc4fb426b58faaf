using System.Globalization;

namespace Syncline.Benchmarks;

/// <summary>
/// CPU time the whole machine has spent busy, from <c>/proc/stat</c> (Linux; zero elsewhere).
/// Minus this process's own CPU time it shows how much other programs took during a phase,
/// which on a shared 2-core machine decides whether a figure can be trusted.
/// </summary>
internal static class MachineCpu
{
    /// <summary>Linux reports <c>/proc/stat</c> in USER_HZ ticks, 100 per second on every common kernel.</summary>
    private const double TicksPerSecond = 100;

    public static TimeSpan Busy()
    {
        try
        {
            // "cpu  user nice system idle iowait irq softirq steal ..."; idle and iowait are not busy.
            var line = File.ReadLines("/proc/stat").First();
            var ticks = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8)
                .Select(t => long.Parse(t, CultureInfo.InvariantCulture)).ToArray();
            var busy = ticks.Sum() - ticks[3] - ticks[4];
            return TimeSpan.FromSeconds(busy / TicksPerSecond);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return TimeSpan.Zero;
        }
    }

    /// <summary>The 1-minute load average, or null where <c>/proc/loadavg</c> is missing.</summary>
    public static string? LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
