using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Syncline.Protocol.Validation;

namespace Syncline.Testing.Upstream;

/// <summary>
/// The field rules of each resource, with Joi-style messages (<c>"key" is required</c>), as the upstream
/// service words its 422s. Reads the fields given into their stored form; fields not listed are dropped.
/// </summary>
internal static class UpstreamFields
{
    private static readonly string[] BookmarkTypes = ["ayah", "surah", "juz", "page"];

    /// <summary>A bookmark's fields, read from <c>type</c> or <c>bookmarkType</c> and <c>mushaf</c> or <c>mushafId</c>.</summary>
    public static JsonObject Bookmark(JsonObject data)
    {
        var fields = new JsonObject();
        if ((data["type"] ?? data["bookmarkType"]) is { } kind)
        {
            var text = Text(kind, "type").ToLowerInvariant();
            fields["type"] = BookmarkTypes.Contains(text) ? text : throw Refuse($"\"type\" must be one of [{string.Join(", ", BookmarkTypes)}]");
        }

        CopyInteger(data, "key", fields);
        CopyInteger(data, "verseNumber", fields);
        if ((data["mushaf"] ?? data["mushafId"]) is { } mushaf)
        {
            var id = Integer(mushaf, "mushaf");
            fields["mushaf"] = Quran.Mushafs.Contains((int)id) ? id : throw Refuse($"\"mushaf\" must be one of [{string.Join(", ", Quran.Mushafs.Order())}]");
        }

        CopyBoolean(data, "isReading", fields);
        CopyClientTimes(data, fields);
        return fields;
    }

    /// <summary>Checks a bookmark's complete fields (after a merge) and fills in the default mushaf.</summary>
    public static void CheckBookmark(JsonObject fields)
    {
        var type = fields["type"]?.GetValue<string>() ?? throw Refuse("\"type\" is required");
        var key = fields["key"]?.GetValue<long>() ?? throw Refuse("\"key\" is required");
        var max = type switch { "juz" => Quran.JuzCount, "page" => Quran.MaxPage, _ => Quran.SurahCount };
        if (key < 1 || key > max)
        {
            throw Refuse(key < 1 ? "\"key\" must be greater than or equal to 1" : $"\"key\" must be less than or equal to {max}");
        }

        var verse = fields["verseNumber"]?.GetValue<long>();
        if (type == "ayah" && verse is null)
        {
            throw Refuse("\"verseNumber\" is required");
        }

        if (type != "ayah" && verse is not null)
        {
            throw Refuse("\"verseNumber\" is not allowed");
        }

        if (verse is { } v && !Quran.IsAyah((int)key, (int)v))
        {
            throw Refuse($"\"verseNumber\" must be less than or equal to {Quran.AyahCount((int)key)}");
        }

        fields["mushaf"] ??= 1;
    }

    public static JsonObject Collection(JsonObject data, bool create)
    {
        var fields = new JsonObject();
        if (data["name"] is { } name)
        {
            var text = Text(name, "name").Trim();
            fields["name"] = text.Length is >= 1 and <= 255 ? text
                : throw Refuse(text.Length == 0 ? "\"name\" is not allowed to be empty" : "\"name\" length must be less than or equal to 255 characters long");
        }
        else if (create)
        {
            throw Refuse("\"name\" is required");
        }

        CopyBoolean(data, "isPrivate", fields);
        CopyClientTimes(data, fields);
        return fields;
    }

    public static JsonObject Note(JsonObject data, bool create)
    {
        var fields = new JsonObject();
        if (data["body"] is { } body)
        {
            var text = Text(body, "body").Trim();
            var length = text.EnumerateRunes().Count();
            fields["body"] = length is >= 6 and <= 10000 ? text
                : throw Refuse(length < 6 ? "\"body\" length must be at least 6 characters long" : "\"body\" length must be less than or equal to 10000 characters long");
        }
        else if (create)
        {
            throw Refuse("\"body\" is required");
        }

        if (data["ranges"] is { } ranges)
        {
            if (ranges is not JsonArray list || list.Count is < 1 or > NoteRules.MaxRanges)
            {
                throw Refuse($"\"ranges\" must be an array of 1 to {NoteRules.MaxRanges} items");
            }

            var stored = new JsonArray();
            for (var i = 0; i < list.Count; i++)
            {
                var range = list[i] is { } item ? Text(item, $"ranges[{i}]") : throw Refuse($"\"ranges[{i}]\" must be a string");
                stored.Add(NoteRules.IsValidRange(range) ? range.Trim() : throw Refuse($"\"ranges[{i}]\" with value \"{range}\" fails to match the required pattern"));
            }

            fields["ranges"] = stored;
        }
        else if (create)
        {
            throw Refuse("\"ranges\" is required");
        }

        CopyBoolean(data, "saveToQR", fields);
        CopyClientTimes(data, fields);
        return fields;
    }

    public static JsonObject ReadingSession(JsonObject data, bool create)
    {
        var fields = new JsonObject();
        CopyInteger(data, "chapterNumber", fields);
        CopyInteger(data, "verseNumber", fields);
        if (create && fields["chapterNumber"] is null)
        {
            throw Refuse("\"chapterNumber\" is required");
        }

        if (create && fields["verseNumber"] is null)
        {
            throw Refuse("\"verseNumber\" is required");
        }

        CopyClientTimes(data, fields);
        return fields;
    }

    /// <summary>Checks a reading session's complete fields (after a merge).</summary>
    public static void CheckReadingSession(JsonObject fields)
    {
        var chapter = fields["chapterNumber"]!.GetValue<long>();
        if (chapter is < 1 or > Quran.SurahCount)
        {
            throw Refuse(chapter < 1 ? "\"chapterNumber\" must be greater than or equal to 1" : $"\"chapterNumber\" must be less than or equal to {Quran.SurahCount}");
        }

        var verse = fields["verseNumber"]!.GetValue<long>();
        if (!Quran.IsAyah((int)chapter, (int)verse))
        {
            throw Refuse(verse < 1 ? "\"verseNumber\" must be greater than or equal to 1" : $"\"verseNumber\" must be less than or equal to {Quran.AyahCount((int)chapter)}");
        }
    }

    public static string Text(JsonNode node, string name) =>
        node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : throw Refuse($"\"{name}\" must be a string");

    public static UpstreamRefusal Refuse(string message) => new(UpstreamError.Validation(message));

    /// <summary>ISO 8601 strings (or epoch milliseconds), stored in the backend's form with milliseconds.</summary>
    private static void CopyClientTimes(JsonObject data, JsonObject fields)
    {
        foreach (var name in (ReadOnlySpan<string>)["clientCreatedAt", "clientUpdatedAt"])
        {
            if (data[name] is not { } value)
            {
                continue;
            }

            DateTimeOffset at;
            if (value.GetValueKind() == JsonValueKind.Number && value.AsValue().TryGetValue<long>(out var ms))
            {
                at = DateTimeOffset.FromUnixTimeMilliseconds(ms);
            }
            else if (value.GetValueKind() != JsonValueKind.String
                || !DateTimeOffset.TryParse(value.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out at))
            {
                throw Refuse($"\"{name}\" must be in ISO 8601 date format");
            }

            fields[name] = at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        }
    }

    private static void CopyInteger(JsonObject data, string name, JsonObject fields)
    {
        if (data[name] is { } value)
        {
            fields[name] = Integer(value, name);
        }
    }

    private static long Integer(JsonNode value, string name) =>
        value.GetValueKind() != JsonValueKind.Number ? throw Refuse($"\"{name}\" must be a number")
        : value.AsValue().TryGetValue<long>(out var number) ? number
        : throw Refuse($"\"{name}\" must be an integer");

    private static void CopyBoolean(JsonObject data, string name, JsonObject fields)
    {
        if (data[name] is { } value)
        {
            fields[name] = value.GetValueKind() switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw Refuse($"\"{name}\" must be a boolean"),
            };
        }
    }
}
