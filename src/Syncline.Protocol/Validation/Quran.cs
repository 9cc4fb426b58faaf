namespace Syncline.Protocol.Validation;

/// <summary>The shape of the Quran that resource rules check against.</summary>
public static class Quran
{
    /// <summary>The number of surahs.</summary>
    public const int SurahCount = 114;

    /// <summary>The number of juz.</summary>
    public const int JuzCount = 30;

    /// <summary>The highest page number accepted for a page bookmark.</summary>
    public const int MaxPage = 1000;

    // Ayahs per surah, surah 1 first (6,236 in all).
    private static readonly int[] AyahCounts =
    [
        7, 286, 200, 176, 120, 165, 206, 75, 129, 109, 123, 111, 43, 52, 99, 128, 111, 110, 98, 135,
        112, 78, 118, 64, 77, 227, 93, 88, 69, 60, 34, 30, 73, 54, 45, 83, 182, 88, 75, 85,
        54, 53, 89, 59, 37, 35, 38, 29, 18, 45, 60, 49, 62, 55, 78, 96, 29, 22, 24, 13,
        14, 11, 11, 18, 12, 12, 30, 52, 52, 44, 28, 28, 20, 56, 40, 31, 50, 40, 46, 42,
        29, 19, 36, 25, 22, 17, 19, 26, 30, 20, 15, 21, 11, 8, 8, 19, 5, 8, 8, 11,
        11, 8, 3, 9, 5, 4, 7, 3, 6, 3, 5, 4, 5, 6,
    ];

    /// <summary>The most ayahs any surah has (286, surah 2).</summary>
    public static int MaxAyahCount { get; } = AyahCounts.Max();

    /// <summary>The mushaf ids a bookmark may name.</summary>
    public static IReadOnlySet<int> Mushafs { get; } = new HashSet<int> { 1, 2, 3, 4, 5, 6, 7, 11, 19 };

    /// <summary>The number of ayahs of a surah, or 0 for a surah number out of range.</summary>
    public static int AyahCount(int surah) => surah is >= 1 and <= SurahCount ? AyahCounts[surah - 1] : 0;

    /// <summary>Whether <paramref name="surah"/>:<paramref name="ayah"/> names an ayah.</summary>
    public static bool IsAyah(int surah, int ayah) => ayah >= 1 && ayah <= AyahCount(surah);
}
