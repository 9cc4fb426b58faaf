namespace Syncline.Simulation.Tests.Corpus;

/// <summary>A bad value for a field, as raw JSON text, with a name for the case.</summary>
/// <param name="Name">What it is, e.g. <c>1e400</c>.</param>
/// <param name="Json">The JSON text put in the field.</param>
public sealed record BadValue(string Name, string Json);

/// <summary>The lists of bad values the corpus combines with fields.</summary>
internal static class BadValues
{
    // Escaped in the JSON text on purpose: the document parses, but the string is not valid UTF-16.
    public const string LoneSurrogate = "\"\\ud800\"";

    /// <summary>Not an integer at all.</summary>
    public static IReadOnlyList<BadValue> NotIntegers { get; } =
    [
        new("digits as a string", "\"12\""),
        new("empty string", "\"\""),
        new("true", "true"),
        new("false", "false"),
        new("empty array", "[]"),
        new("array of the number", "[12]"),
        new("object", "{}"),
        new("float 1.5", "1.5"),
        new("float -0.5", "-0.5"),
        new("1e400", "1e400"),
        new("-1e400", "-1e400"),
        new("1e-7", "1e-7"),
        new("int32 max + 1", "2147483648"),
        new("int32 min - 1", "-2147483649"),
        new("20 digits", "99999999999999999999"),
    ];

    /// <summary>Not a boolean.</summary>
    public static IReadOnlyList<BadValue> NotBooleans { get; } =
    [
        new("\"true\"", "\"true\""),
        new("\"false\"", "\"false\""),
        new("1", "1"),
        new("0", "0"),
        new("\"yes\"", "\"yes\""),
        new("empty string", "\"\""),
        new("empty array", "[]"),
        new("object", "{}"),
    ];

    /// <summary>Not a string.</summary>
    public static IReadOnlyList<BadValue> NotStrings { get; } =
    [
        new("number", "12"),
        new("float", "1.5"),
        new("true", "true"),
        new("empty array", "[]"),
        new("array of a string", "[\"x\"]"),
        new("object", "{}"),
        new("lone surrogate", LoneSurrogate),
    ];

    /// <summary>Neither ISO 8601 nor epoch milliseconds in range (PROTOCOL.md section 4).</summary>
    public static IReadOnlyList<BadValue> ClientTimes { get; } =
    [
        new("word", "\"yesterday\""),
        new("US date", "\"01/25/2026\""),
        new("month name", "\"Jan 25 2026\""),
        new("bare time", "\"11:35\""),
        new("month 13", "\"2026-13-01\""),
        new("February 30", "\"2026-02-30\""),
        new("hour 25", "\"2026-01-25T25:00:00Z\""),
        new("offset +25:00", "\"2026-01-25T11:35:00+25:00\""),
        new("space for T", "\"2026-01-25 11:35:00\""),
        new("year only", "\"2026\""),
        new("compact date", "\"20260125\""),
        new("empty string", "\"\""),
        new("blank string", "\"   \""),
        new("float ms", "1.5"),
        new("negative float ms", "-0.5"),
        new("1e400", "1e400"),
        new("before year 1", "-62135596800001"),
        new("after year 9999", "253402300800000"),
        new("int64 max", "9223372036854775807"),
        new("20 digits", "99999999999999999999"),
        new("true", "true"),
        new("empty array", "[]"),
        new("object", "{}"),
        new("lone surrogate", LoneSurrogate),
    ];

    /// <summary>A few of <see cref="ClientTimes"/>, one of each kind, for the resources that share the rule.</summary>
    public static IReadOnlyList<BadValue> SomeClientTimes { get; } =
    [
        new("word", "\"yesterday\""),
        new("empty string", "\"\""),
        new("float ms", "1.5"),
        new("1e400", "1e400"),
        new("before year 1", "-62135596800001"),
        new("true", "true"),
        new("empty array", "[]"),
    ];

    /// <summary>Ranges that are not <c>surah:ayah-surah:ayah</c> with real ayahs and start &lt;= end (section 4.4).</summary>
    public static IReadOnlyList<BadValue> Ranges { get; } =
    [
        new("ayah 0", "\"3:0-3:5\""),
        new("surah 115", "\"115:1-115:2\""),
        new("surah 0", "\"0:1-0:2\""),
        new("reversed in a surah", "\"2:5-2:4\""),
        new("reversed across surahs", "\"3:5-2:1\""),
        new("ayah 8 of al-Fatiha", "\"1:8-1:8\""),
        new("end beyond al-Fatiha", "\"1:1-1:8\""),
        new("ayah 287 of al-Baqara", "\"2:287-2:287\""),
        new("ayah 7 of an-Nas", "\"114:1-114:7\""),
        new("no end", "\"1:1\""),
        new("three ends", "\"1:1-1:2-1:3\""),
        new("letters", "\"a:b-c:d\""),
        new("empty", "\"\""),
        new("blank", "\" \""),
        new("missing end", "\"1:1-\""),
        new("missing start", "\"-1:1\""),
        new("surahs only", "\"1-2\""),
        new("three parts", "\"1:1:1-1:2\""),
        new("spaces around the dash", "\"1:1 - 1:2\""),
        new("plus sign", "\"+1:1-1:2\""),
        new("negative ayah", "\"1:-1-1:2\""),
        new("Arabic-Indic digits", "\"\u0661:\u0661-\u0661:\u0662\""),
        new("en dash", "\"1:1\u20131:2\""),
        new("dots", "\"1.1-1.2\""),
        new("surah int32 max + 1", "\"2147483648:1-2147483648:2\""),
        new("ayah int32 max + 1", "\"1:2147483648-1:2147483649\""),
        new("NUL after the end", "\"1:1-1:2\\u0000\""),
        new("lone surrogate", LoneSurrogate),
    ];
}
