using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using static Syncline.Protocol.Validation.FieldReader;

namespace Syncline.Protocol.Validation;

/// <summary>The rules of a NOTE's data (PROTOCOL.md section 4.4).</summary>
public static class NoteRules
{
    /// <summary>The shortest note body, in Unicode code points after trimming.</summary>
    public const int MinBodyLength = 6;

    /// <summary>The longest note body, in Unicode code points after trimming.</summary>
    public const int MaxBodyLength = 10000;

    /// <summary>The most ranges a note may have.</summary>
    public const int MaxRanges = 50;

    internal static string? Read(JsonElement data, bool isCreate, JsonObject fields)
    {
        switch (String(Get(data, "body"), out var body))
        {
            case FieldState.Invalid:
                return "Invalid body";
            case FieldState.Absent when isCreate:
                return "Missing body";
            case FieldState.Ok:
                body = body.Trim();
                if (!IsValidBody(body))
                {
                    return "Invalid body";
                }

                fields["body"] = body;
                break;
        }

        if (Get(data, "ranges") is { } ranges)
        {
            if (ranges.ValueKind != JsonValueKind.Array || ranges.GetArrayLength() is < 1 or > MaxRanges)
            {
                return "Invalid ranges";
            }

            var stored = new JsonArray();
            foreach (var range in ranges.EnumerateArray())
            {
                if (!TryGetText(range, out var text) || !IsValidRange(text))
                {
                    return "Invalid ranges";
                }

                stored.Add((JsonNode?)JsonValue.Create(text.Trim()));
            }

            fields["ranges"] = stored;
        }
        else if (isCreate)
        {
            return "Missing ranges";
        }

        switch (Bool(Get(data, "saveToQR"), out var saveToQr))
        {
            case FieldState.Invalid:
                return "Invalid saveToQR";
            case FieldState.Ok:
                fields["saveToQR"] = saveToQr;
                break;
            case FieldState.Absent when isCreate:
                fields["saveToQR"] = false;
                break;
        }

        return CopyClientTimes(data, fields) is { } badTime ? $"Invalid {badTime}" : null;
    }

    /// <summary>Whether a (trimmed) note body has an accepted length.</summary>
    public static bool IsValidBody(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var length = body.EnumerateRunes().Count();
        return length is >= MinBodyLength and <= MaxBodyLength;
    }

    /// <summary>Whether a range reads <c>surah:ayah-surah:ayah</c> with real ayahs and start &lt;= end.</summary>
    public static bool IsValidRange(string range)
    {
        ArgumentNullException.ThrowIfNull(range);
        var ends = range.Trim().Split('-');
        if (ends.Length != 2 || !TryAyah(ends[0], out var start) || !TryAyah(ends[1], out var end))
        {
            return false;
        }

        return start.Surah < end.Surah || (start.Surah == end.Surah && start.Ayah <= end.Ayah);
    }

    private static bool TryAyah(string text, out (int Surah, int Ayah) ayah)
    {
        ayah = default;
        var parts = text.Split(':');

        // Digits only: int.TryParse ignores trailing NUL characters even with NumberStyles.None, so "1:2\0" would pass.
        if (parts.Length != 2
            || parts.Any(p => p.Length == 0 || p.AsSpan().IndexOfAnyExceptInRange('0', '9') >= 0)
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var surah)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var verse)
            || !Quran.IsAyah(surah, verse))
        {
            return false;
        }

        ayah = (surah, verse);
        return true;
    }
}
