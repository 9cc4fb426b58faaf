using System.Globalization;
using Syncline.Protocol.Validation;

namespace Syncline.Cli.Input;

/// <summary>
/// Reads what people type (<c>2:255</c>, <c>2:255-2:257</c>, a mushaf) and checks it against the
/// protocol's own rules first, so a mistake gets a message that says what is wrong and what is right.
/// </summary>
internal static class Refs
{
    public static (int Surah, int Ayah) ParseAyah(string text)
    {
        var parts = text.Trim().Split(':');
        if (parts.Length != 2 || !TryNumber(parts[0], out var surah) || !TryNumber(parts[1], out var ayah))
        {
            throw new BadInputException($"'{text}' is not an ayah: write SURAH:AYAH, e.g. 2:255");
        }

        CheckSurah(surah);
        if (!Quran.IsAyah(surah, ayah))
        {
            throw new BadInputException($"{surah}:{ayah} is not an ayah: surah {surah} has {Quran.AyahCount(surah)} ayahs");
        }

        return (surah, ayah);
    }

    public static bool LooksLikeAyah(string text) => text.Contains(':', StringComparison.Ordinal);

    /// <summary>
    /// Note ranges: <c>2:255-2:257</c>, a single ayah <c>2:255</c> (read as <c>2:255-2:255</c>), or
    /// several separated by commas. Returns them in the protocol's <c>surah:ayah-surah:ayah</c> form.
    /// </summary>
    public static IReadOnlyList<string> ParseRanges(string text)
    {
        var ranges = new List<string>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var ends = part.Split('-', StringSplitOptions.TrimEntries);
            if (ends.Length > 2)
            {
                throw new BadInputException($"'{part}' is not a range: write FROM-TO, e.g. 2:255-2:257");
            }

            var from = ParseAyah(ends[0]);
            var to = ends.Length == 2 ? ParseAyah(ends[1]) : from;
            if ((to.Surah, to.Ayah).CompareTo((from.Surah, from.Ayah)) < 0)
            {
                throw new BadInputException($"the range {part} ends before it starts");
            }

            ranges.Add($"{from.Surah}:{from.Ayah}-{to.Surah}:{to.Ayah}");
        }

        return ranges.Count switch
        {
            0 => throw new BadInputException("a note needs at least one range, e.g. 2:255-2:257"),
            > NoteRules.MaxRanges => throw new BadInputException($"a note can have at most {NoteRules.MaxRanges} ranges"),
            _ => ranges,
        };
    }

    public static string NoteBody(IEnumerable<string> words)
    {
        var body = string.Join(' ', words).Trim();
        var length = body.EnumerateRunes().Count();
        return length is < NoteRules.MinBodyLength or > NoteRules.MaxBodyLength
            ? throw new BadInputException($"a note needs {NoteRules.MinBodyLength} to {NoteRules.MaxBodyLength} characters; this one has {length}")
            : body;
    }

    public static string CollectionName(string name)
    {
        var trimmed = name.Trim();
        return trimmed.Length is 0 or > CollectionRules.MaxNameLength
            ? throw new BadInputException($"a collection name needs 1 to {CollectionRules.MaxNameLength} characters")
            : trimmed;
    }

    public static int CheckMushaf(int mushaf) =>
        Quran.Mushafs.Contains(mushaf)
            ? mushaf
            : throw new BadInputException($"mushaf {mushaf} does not exist: use one of {string.Join(", ", Quran.Mushafs.Order())}");

    public static void CheckSurah(int surah)
    {
        if (surah is < 1 or > Quran.SurahCount)
        {
            throw new BadInputException($"surah {surah} does not exist: surahs are 1 to {Quran.SurahCount}");
        }
    }

    public static void CheckJuz(int juz)
    {
        if (juz is < 1 or > Quran.JuzCount)
        {
            throw new BadInputException($"juz {juz} does not exist: juz are 1 to {Quran.JuzCount}");
        }
    }

    public static void CheckPage(int page)
    {
        if (page is < 1 or > Quran.MaxPage)
        {
            throw new BadInputException($"page {page} does not exist: pages are 1 to {Quran.MaxPage}");
        }
    }

    private static bool TryNumber(string text, out int value) =>
        int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
