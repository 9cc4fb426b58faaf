using System.Globalization;
using Microsoft.Extensions.Primitives;
using Syncline.Protocol;
using Syncline.Server.Wire;

namespace Syncline.Server.Sync;

/// <summary>
/// Reads an integer query parameter the protocol's way: missing or non-numeric is 400,
/// a number outside its bounds is 422.
/// </summary>
internal static class QueryNumber
{
    public static bool TryRead(IQueryCollection query, string name, long min, long max, long? fallback, out long value, out IResult? error)
    {
        value = 0;
        error = null;
        StringValues raw = query[name];
        var text = raw.Count > 0 ? raw[^1]?.Trim() : null;
        if (string.IsNullOrEmpty(text))
        {
            if (fallback is { } defaultValue)
            {
                value = defaultValue;
                return true;
            }

            error = SyncErrors.Result(SyncErrorKind.BadRequest, $"Missing {name}");
            return false;
        }

        var isInteger = text.AsSpan().TrimStart('-').Length > 0 && text.AsSpan(text[0] == '-' ? 1 : 0).IndexOfAnyExceptInRange('0', '9') < 0;
        if (!isInteger)
        {
            error = SyncErrors.Result(SyncErrorKind.BadRequest, $"Invalid {name}: not an integer");
            return false;
        }

        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value) || value < min || value > max)
        {
            error = SyncErrors.Result(
                SyncErrorKind.Validation,
                max == long.MaxValue ? $"Invalid {name}: must be >= {min}" : $"Invalid {name}: must be between {min} and {max}");
            return false;
        }

        return true;
    }
}
