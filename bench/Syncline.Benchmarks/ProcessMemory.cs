using System.Globalization;

namespace Syncline.Benchmarks;

/// <summary>Another process's resident memory, read from <c>/proc/&lt;pid&gt;/status</c> (Linux).</summary>
internal static class ProcessMemory
{
    /// <summary>Resident set size now (<c>VmRSS</c>), in bytes; 0 when unreadable.</summary>
    public static long Resident(int processId) => Read(processId, "VmRSS:");

    /// <summary>The peak resident set size since the process started (<c>VmHWM</c>), in bytes; 0 when unreadable.</summary>
    public static long Peak(int processId) => Read(processId, "VmHWM:");

    private static long Read(int processId, string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{processId}/status"))
            {
                if (line.StartsWith(field, StringComparison.Ordinal))
                {
                    // "VmRSS:     123456 kB"
                    var kilobytes = line[field.Length..].Trim().Split(' ')[0];
                    return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }

        return 0;
    }
}
