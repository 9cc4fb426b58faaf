using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Syncline.Protocol.Validation;

/// <summary>Reads typed fields out of a JSON object, telling absent from invalid.</summary>
internal static partial class FieldReader
{
    public enum FieldState { Absent, Invalid, Ok }

    public static JsonElement? Get(JsonElement data, string name)
    {
        if (data.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null)
        {
            return value;
        }

        return null;
    }

    public static JsonElement? Get(JsonElement data, string name, string alias) => Get(data, name) ?? Get(data, alias);

    public static FieldState Int(JsonElement? value, out int result)
    {
        result = 0;
        if (value is not { } element)
        {
            return FieldState.Absent;
        }

        return element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out result) ? FieldState.Ok : FieldState.Invalid;
    }

    public static FieldState Bool(JsonElement? value, out bool result)
    {
        result = false;
        if (value is not { } element)
        {
            return FieldState.Absent;
        }

        if (element.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            result = element.GetBoolean();
            return FieldState.Ok;
        }

        return FieldState.Invalid;
    }

    public static FieldState String(JsonElement? value, out string result)
    {
        result = string.Empty;
        if (value is not { } element)
        {
            return FieldState.Absent;
        }

        return TryGetText(element, out result) ? FieldState.Ok : FieldState.Invalid;
    }

    /// <summary>
    /// Reads a JSON string. False for any other kind, and for a string that escapes a lone UTF-16
    /// surrogate (<c>"\ud800"</c>): the document parses, but <see cref="JsonElement.GetString"/> throws.
    /// </summary>
    public static bool TryGetText(JsonElement element, out string text)
    {
        text = string.Empty;
        if (element.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        try
        {
            text = element.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Reads <c>clientCreatedAt</c>/<c>clientUpdatedAt</c> (ISO 8601 or epoch ms) as an ISO string.</summary>
    /// <remarks>
    /// A string must have the ISO 8601 shape before it is parsed: <see cref="DateTimeOffset.TryParse(string, IFormatProvider, DateTimeStyles, out DateTimeOffset)"/>
    /// alone also takes <c>01/25/2026</c>, <c>Jan 25 2026</c> or a bare <c>11:35</c>, which it dates today.
    /// A time without an offset is read as UTC.
    /// </remarks>
    public static FieldState ClientTime(JsonElement? value, out string iso)
    {
        iso = string.Empty;
        if (value is not { } element)
        {
            return FieldState.Absent;
        }

        DateTimeOffset? time = null;
        if (element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out var ms)
            && ms is >= -62135596800000 and <= 253402300799999)
        {
            time = DateTimeOffset.FromUnixTimeMilliseconds(ms);
        }
        else if (TryGetText(element, out var text) && IsoDateTime().IsMatch(text) && DateTimeOffset.TryParse(
            text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            time = parsed;
        }

        if (time is null)
        {
            return FieldState.Invalid;
        }

        iso = time.Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        return FieldState.Ok;
    }

    /// <summary>A calendar date, optionally with a time (minutes, seconds, any fraction) and a <c>Z</c> or <c>±hh[:mm]</c> offset.</summary>
    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}([Tt][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?([Zz]|[+-][0-9]{2}(:?[0-9]{2})?)?)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex IsoDateTime();

    /// <summary>Copies the client timestamps every resource accepts; returns the invalid field name, or null.</summary>
    public static string? CopyClientTimes(JsonElement data, JsonObject fields)
    {
        foreach (var name in (ReadOnlySpan<string>)["clientCreatedAt", "clientUpdatedAt"])
        {
            switch (ClientTime(Get(data, name), out var iso))
            {
                case FieldState.Invalid:
                    return name;
                case FieldState.Ok:
                    fields[name] = iso;
                    break;
            }
        }

        return null;
    }
}
