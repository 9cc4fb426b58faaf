using System.Text.Json;
using System.Text.Json.Nodes;
using static Syncline.Protocol.Validation.FieldReader;

namespace Syncline.Protocol.Validation;

/// <summary>The rules of a READING_SESSION's data: where the user was reading (PROTOCOL.md section 4.5).</summary>
public static class ReadingSessionRules
{
    /// <summary>
    /// Reads the reading session fields of <paramref name="data"/> into <paramref name="fields"/>.
    /// A CREATE must name both the surah and the ayah; an UPDATE keeps only what it names, and each
    /// number it names must be possible on its own (the merged place is checked by <see cref="CheckComplete"/>).
    /// Returns the error (without the index), or null.
    /// </summary>
    internal static string? Read(JsonElement data, bool isCreate, JsonObject fields)
    {
        switch (Int(Get(data, "chapterNumber"), out var chapter))
        {
            case FieldState.Invalid:
                return "Invalid chapterNumber";
            case FieldState.Absent when isCreate:
                return "Missing chapterNumber";
            case FieldState.Ok:
                if (chapter is < 1 or > Quran.SurahCount)
                {
                    return "Invalid chapterNumber";
                }

                fields["chapterNumber"] = chapter;
                break;
        }

        switch (Int(Get(data, "verseNumber"), out var verse))
        {
            case FieldState.Invalid:
                return "Invalid verseNumber";
            case FieldState.Absent when isCreate:
                return "Missing verseNumber";
            case FieldState.Ok:
                // Alone, an ayah number is possible if some surah has that many ayahs.
                if (verse < 1 || verse > Quran.MaxAyahCount)
                {
                    return "Invalid verseNumber";
                }

                fields["verseNumber"] = verse;
                break;
        }

        if (CopyClientTimes(data, fields) is { } badTime)
        {
            return $"Invalid {badTime}";
        }

        return fields.ContainsKey("chapterNumber") && fields.ContainsKey("verseNumber") ? CheckComplete(fields) : null;
    }

    /// <summary>Checks a whole reading session (a CREATE, or an UPDATE merged into the stored one); returns the error, or null.</summary>
    public static string? CheckComplete(JsonObject session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var chapter = session["chapterNumber"]?.GetValue<int>() ?? 0;
        if (chapter is < 1 or > Quran.SurahCount)
        {
            return "Invalid chapterNumber";
        }

        return session["verseNumber"]?.GetValue<int>() is { } verse && Quran.IsAyah(chapter, verse) ? null : "Invalid verseNumber";
    }
}
