using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Syncline.Client.Sync;

/// <summary>
/// The client timestamps every resource carries beside its content (<c>clientCreatedAt</c>,
/// <c>clientUpdatedAt</c>): sent as ISO 8601 the way the upstream client writes them (fractional
/// seconds only when not zero), read back from ISO or epoch ms (PROTOCOL.md section 4). They say
/// when, not what: comparing two versions of a record leaves them out.
/// </summary>
internal static partial class ClientTimes
{
    public const string Created = "clientCreatedAt";

    public const string Updated = "clientUpdatedAt";

    public static bool IsClientTime(string field) => field is Created or Updated;

    /// <summary><c>2026-07-06T21:55:26Z</c>, or <c>2026-07-06T21:55:26.345Z</c> when the milliseconds are not zero.</summary>
    public static string Format(long unixMilliseconds)
    {
        var time = DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds).UtcDateTime;
        return time.ToString(time.Millisecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The client times as stored here: a valid one in this device's form, an invalid one (not a date,
    /// an object) replaced by the server's time of the entry, a missing one left missing.
    /// </summary>
    public static void Normalize(JsonObject data, long serverTimestamp)
    {
        foreach (var name in (ReadOnlySpan<string>)[Created, Updated])
        {
            if (data.TryGetPropertyValue(name, out var value))
            {
                data[name] = Format(TryRead(value, out var ms) ? ms : serverTimestamp);
            }
        }
    }

    /// <summary>Whether the data's client times are absent or already in this device's form (nothing to rewrite).</summary>
    public static bool AreNormal(JsonElement data)
    {
        foreach (var name in (ReadOnlySpan<string>)[Created, Updated])
        {
            if (data.TryGetProperty(name, out var value)
                && !(value.ValueKind == JsonValueKind.String && TryParse(value.GetString()!, out var ms) && Format(ms) == value.GetString()))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Reads an ISO 8601 string or epoch ms; false for anything else (a missing value, <c>"not-a-date"</c>, an object).</summary>
    public static bool TryRead(JsonNode? value, out long unixMilliseconds)
    {
        unixMilliseconds = 0;
        return value?.GetValueKind() switch
        {
            JsonValueKind.Number => value.AsValue().TryGetValue(out unixMilliseconds) && unixMilliseconds is >= -62135596800000 and <= 253402300799999,
            JsonValueKind.String => TryParse(value.GetValue<string>(), out unixMilliseconds),
            _ => false,
        };
    }

    private static bool TryParse(string text, out long unixMilliseconds)
    {
        unixMilliseconds = 0;
        // The ISO shape first: DateTimeOffset.TryParse alone also takes "01/25/2026" or a bare "11:35".
        if (!IsoDateTime().IsMatch(text)
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return false;
        }

        unixMilliseconds = time.ToUnixTimeMilliseconds();
        return true;
    }

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}([Tt][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?([Zz]|[+-][0-9]{2}(:?[0-9]{2})?)?)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex IsoDateTime();
}
