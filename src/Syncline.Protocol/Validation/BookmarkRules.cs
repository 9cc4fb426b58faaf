using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using static Syncline.Protocol.Validation.FieldReader;

namespace Syncline.Protocol.Validation;

/// <summary>The rules of a BOOKMARK's data (PROTOCOL.md section 4.1).</summary>
public static class BookmarkRules
{
    /// <summary>The bookmark types, <c>ayah</c> being the default.</summary>
    public static IReadOnlyList<string> Types { get; } = ["ayah", "surah", "juz", "page"];

    /// <summary>
    /// Reads the bookmark fields of <paramref name="data"/> into <paramref name="fields"/>.
    /// A CREATE gets its defaults and must be complete; an UPDATE keeps only what it names.
    /// Returns the error (without the index), or null.
    /// </summary>
    internal static string? Read(JsonElement data, bool isCreate, JsonObject fields)
    {
        switch (String(Get(data, "type", "bookmarkType"), out var type))
        {
            case FieldState.Invalid:
                return "Invalid type";
            case FieldState.Ok:
                var canonical = Types.FirstOrDefault(t => string.Equals(t, type, StringComparison.OrdinalIgnoreCase));
                if (canonical is null)
                {
                    return "Invalid type";
                }

                fields["type"] = canonical;
                break;
            case FieldState.Absent when isCreate:
                fields["type"] = "ayah";
                break;
        }

        switch (Int(Get(data, "key"), out var key))
        {
            case FieldState.Invalid:
                return "Invalid key";
            case FieldState.Ok:
                fields["key"] = key;
                break;
            case FieldState.Absent when isCreate:
                return "Missing key";
        }

        switch (Int(Get(data, "verseNumber"), out var verse))
        {
            case FieldState.Invalid:
                return "Invalid verseNumber";
            case FieldState.Ok:
                fields["verseNumber"] = verse;
                break;
        }

        switch (Int(Get(data, "mushaf", "mushafId"), out var mushaf))
        {
            case FieldState.Invalid:
                return "Invalid mushaf";
            case FieldState.Ok:
                fields["mushaf"] = mushaf;
                break;
            case FieldState.Absent when isCreate:
                fields["mushaf"] = 1;
                break;
        }

        switch (Bool(Get(data, "isReading"), out var isReading))
        {
            case FieldState.Invalid:
                return "Invalid isReading";
            case FieldState.Ok:
                fields["isReading"] = isReading;
                break;
        }

        if (CopyClientTimes(data, fields) is { } badTime)
        {
            return $"Invalid {badTime}";
        }

        if (isCreate && CheckComplete(fields) is { } incomplete)
        {
            return incomplete;
        }

        return fields.TryGetPropertyValue("mushaf", out var m) && !Quran.Mushafs.Contains(m!.GetValue<int>())
            ? "Invalid mushaf"
            : null;
    }

    /// <summary>Checks a whole bookmark (a CREATE, or an UPDATE merged into the stored one); returns the error, or null.</summary>
    public static string? CheckComplete(JsonObject bookmark)
    {
        ArgumentNullException.ThrowIfNull(bookmark);
        var type = bookmark["type"]?.GetValue<string>() ?? "ayah";
        var key = bookmark["key"]?.GetValue<int>() ?? 0;
        var verse = bookmark["verseNumber"]?.GetValue<int>();
        var keyInRange = type switch
        {
            "ayah" or "surah" => key is >= 1 and <= Quran.SurahCount,
            "juz" => key is >= 1 and <= Quran.JuzCount,
            "page" => key is >= 1 and <= Quran.MaxPage,
            _ => false,
        };
        if (!keyInRange)
        {
            return "Invalid key";
        }

        if (type == "ayah" ? verse is not { } v || !Quran.IsAyah(key, v) : verse is not null)
        {
            return "Invalid verseNumber";
        }

        var mushaf = bookmark["mushaf"]?.GetValue<int>() ?? 1;
        return Quran.Mushafs.Contains(mushaf) ? null : "Invalid mushaf";
    }

    /// <summary>The identity that makes a bookmark unique per user: <c>(mushaf, type, key, verseNumber)</c>.</summary>
    public static string NaturalKey(JsonObject bookmark)
    {
        ArgumentNullException.ThrowIfNull(bookmark);
        return NaturalKey(bookmark["mushaf"]?.GetValue<int>(), bookmark["type"]?.GetValue<string>(), bookmark["key"]?.GetValue<int>(), bookmark["verseNumber"]?.GetValue<int>());
    }

    /// <summary>The same identity, read from stored bookmark data without building a DOM.</summary>
    public static string NaturalKey(JsonElement bookmark)
    {
        static int? Int(JsonElement data, string name) =>
            data.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : null;

        var type = bookmark.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        return NaturalKey(Int(bookmark, "mushaf"), type, Int(bookmark, "key"), Int(bookmark, "verseNumber"));
    }

    private static string NaturalKey(int? mushaf, string? type, int? key, int? verseNumber) =>
        string.Create(CultureInfo.InvariantCulture, $"{mushaf ?? 1}:{type ?? "ayah"}:{key}:{verseNumber}");
}
