using static Syncline.Protocol.Tests.Validation.Items;

namespace Syncline.Protocol.Tests.Validation;

/// <summary>BOOKMARK data as a push item carries it (PROTOCOL.md section 4.1).</summary>
public sealed class BookmarkTests
{
    private static string CreateBookmark(string data) => Create("BOOKMARK", data);

    [Fact]
    public void Bookmark_create_is_stored_with_its_canonical_fields() =>
        FieldsAre(
            """{"type":"ayah","key":2,"verseNumber":255,"mushaf":4}""",
            Accepted(CreateBookmark("""{"type":"ayah","key":2,"verseNumber":255,"mushaf":4}""")).Fields);

    [Fact]
    public void Bookmark_create_without_type_is_an_ayah_bookmark() =>
        Assert.Equal("ayah", Accepted(CreateBookmark("""{"key":2,"verseNumber":255}""")).Fields["type"]!.GetValue<string>());

    [Theory]
    [InlineData("surah")]
    [InlineData("juz")]
    [InlineData("page")]
    public void Bookmark_type_is_read_from_the_bookmarkType_alias(string type)
    {
        var mutation = Accepted(CreateBookmark($$"""{"bookmarkType":"{{type}}","key":1}"""));

        FieldsAre($$"""{"type":"{{type}}","key":1,"mushaf":1}""", mutation.Fields);
    }

    [Fact]
    public void Bookmark_type_wins_over_its_alias_when_both_are_sent() =>
        Assert.Equal(
            "surah",
            Accepted(CreateBookmark("""{"type":"surah","bookmarkType":"juz","key":1}""")).Fields["type"]!.GetValue<string>());

    [Theory]
    [InlineData("AYAH", "ayah")]
    [InlineData("Surah", "surah")]
    [InlineData("JUZ", "juz")]
    [InlineData("Page", "page")]
    public void Bookmark_type_is_read_in_any_case_and_stored_lower_case(string sent, string stored)
    {
        var verse = stored == "ayah" ? ",\"verseNumber\":1" : string.Empty;

        var mutation = Accepted(CreateBookmark($$"""{"type":"{{sent}}","key":1{{verse}}}"""));

        Assert.Equal(stored, mutation.Fields["type"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("\"verse\"")]
    [InlineData("\"\"")]
    [InlineData("1")]
    [InlineData("[\"ayah\"]")]
    public void Unknown_bookmark_type_is_refused_with_invalid_type(string type) =>
        Assert.Equal("Invalid type at mutation[0]", Refused(CreateBookmark($$"""{"type":{{type}},"key":1}""")));

    [Theory]
    [InlineData("""{"verseNumber":255}""")]
    [InlineData("""{"key":null,"verseNumber":255}""")]
    [InlineData("""{"type":"surah"}""")]
    public void Bookmark_create_without_key_is_refused_with_missing_key(string data) =>
        Assert.Equal("Missing key at mutation[0]", Refused(CreateBookmark(data)));

    [Theory]
    [InlineData("\"2\"")]
    [InlineData("2.5")]
    [InlineData("true")]
    [InlineData("4294967298")]
    public void Non_integer_key_is_refused_with_invalid_key(string key) =>
        Assert.Equal("Invalid key at mutation[0]", Refused(CreateBookmark($$"""{"type":"surah","key":{{key}}}""")));

    [Theory]
    [InlineData("surah", 1)]
    [InlineData("surah", 114)]
    [InlineData("juz", 1)]
    [InlineData("juz", 30)]
    [InlineData("page", 1)]
    [InlineData("page", 1000)]
    public void Key_within_the_bounds_of_its_type_is_accepted(string type, int key) =>
        Assert.Equal(key, Accepted(CreateBookmark($$"""{"type":"{{type}}","key":{{key}}}""")).Fields["key"]!.GetValue<int>());

    [Theory]
    [InlineData("surah", 0)]
    [InlineData("surah", 115)]
    [InlineData("juz", 0)]
    [InlineData("juz", 31)]
    [InlineData("page", 0)]
    [InlineData("page", 1001)]
    [InlineData("page", -1)]
    public void Key_outside_the_bounds_of_its_type_is_refused_with_invalid_key(string type, int key) =>
        Assert.Equal("Invalid key at mutation[0]", Refused(CreateBookmark($$"""{"type":"{{type}}","key":{{key}}}""")));

    [Theory]
    [InlineData(1, 1)]
    [InlineData(1, 7)]
    [InlineData(2, 286)]
    [InlineData(114, 6)]
    public void Ayah_bookmark_of_a_real_ayah_is_accepted(int key, int verse) =>
        FieldsAre(
            $$"""{"type":"ayah","key":{{key}},"verseNumber":{{verse}},"mushaf":1}""",
            Accepted(CreateBookmark($$"""{"key":{{key}},"verseNumber":{{verse}}}""")).Fields);

    [Theory]
    [InlineData(0, 1)]
    [InlineData(115, 1)]
    public void Ayah_bookmark_key_outside_1_to_114_is_refused_with_invalid_key(int key, int verse) =>
        Assert.Equal("Invalid key at mutation[0]", Refused(CreateBookmark($$"""{"key":{{key}},"verseNumber":{{verse}}}""")));

    [Theory]
    [InlineData(1, 0)]
    [InlineData(1, 8)]
    [InlineData(2, 287)]
    [InlineData(114, 7)]
    [InlineData(2, -1)]
    public void Ayah_bookmark_verseNumber_beyond_the_surah_is_refused_with_invalid_verseNumber(int key, int verse) =>
        Assert.Equal("Invalid verseNumber at mutation[0]", Refused(CreateBookmark($$"""{"key":{{key}},"verseNumber":{{verse}}}""")));

    [Theory]
    [InlineData("""{"key":2}""")]
    [InlineData("""{"type":"ayah","key":2,"verseNumber":null}""")]
    public void Ayah_bookmark_without_verseNumber_is_refused_with_invalid_verseNumber(string data) =>
        Assert.Equal("Invalid verseNumber at mutation[0]", Refused(CreateBookmark(data)));

    [Theory]
    [InlineData("\"255\"")]
    [InlineData("255.0")]
    [InlineData("false")]
    public void Non_integer_verseNumber_is_refused_with_invalid_verseNumber(string verse) =>
        Assert.Equal("Invalid verseNumber at mutation[0]", Refused(CreateBookmark($$"""{"key":2,"verseNumber":{{verse}}}""")));

    [Theory]
    [InlineData("surah")]
    [InlineData("juz")]
    [InlineData("page")]
    public void VerseNumber_on_a_non_ayah_bookmark_is_refused(string type) =>
        Assert.Equal(
            "Invalid verseNumber at mutation[0]",
            Refused(CreateBookmark($$"""{"type":"{{type}}","key":2,"verseNumber":1}""")));

    [Fact]
    public void Null_verseNumber_on_a_non_ayah_bookmark_counts_as_absent() =>
        FieldsAre(
            """{"type":"surah","key":2,"mushaf":1}""",
            Accepted(CreateBookmark("""{"type":"surah","key":2,"verseNumber":null}""")).Fields);

    [Fact]
    public void Bookmark_without_mushaf_is_in_mushaf_1() =>
        Assert.Equal(1, Accepted(CreateBookmark("""{"key":2,"verseNumber":255}""")).Fields["mushaf"]!.GetValue<int>());

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(11)]
    [InlineData(19)]
    public void Each_known_mushaf_is_accepted(int mushaf) =>
        Assert.Equal(
            mushaf,
            Accepted(CreateBookmark($$"""{"key":2,"verseNumber":255,"mushaf":{{mushaf}}}""")).Fields["mushaf"]!.GetValue<int>());

    [Theory]
    [InlineData("0")]
    [InlineData("8")]
    [InlineData("10")]
    [InlineData("12")]
    [InlineData("20")]
    [InlineData("-1")]
    [InlineData("\"1\"")]
    [InlineData("1.5")]
    public void Mushaf_outside_the_known_set_is_refused_with_invalid_mushaf(string mushaf) =>
        Assert.Equal(
            "Invalid mushaf at mutation[0]",
            Refused(CreateBookmark($$"""{"key":2,"verseNumber":255,"mushaf":{{mushaf}}}""")));

    [Fact]
    public void Mushaf_is_read_from_the_mushafId_alias() =>
        FieldsAre(
            """{"type":"ayah","key":2,"verseNumber":255,"mushaf":11}""",
            Accepted(CreateBookmark("""{"key":2,"verseNumber":255,"mushafId":11}""")).Fields);

    [Fact]
    public void Mushaf_alias_outside_the_known_set_is_refused_with_invalid_mushaf() =>
        Assert.Equal(
            "Invalid mushaf at mutation[0]",
            Refused(CreateBookmark("""{"key":2,"verseNumber":255,"mushafId":9}""")));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void IsReading_is_kept_as_sent(bool isReading) =>
        Assert.Equal(
            isReading,
            Accepted(CreateBookmark($$"""{"key":2,"verseNumber":255,"isReading":{{(isReading ? "true" : "false")}}}"""))
                .Fields["isReading"]!.GetValue<bool>());

    [Theory]
    [InlineData("\"true\"")]
    [InlineData("1")]
    [InlineData("{}")]
    public void Non_boolean_isReading_is_refused_with_invalid_isReading(string isReading) =>
        Assert.Equal(
            "Invalid isReading at mutation[0]",
            Refused(CreateBookmark($$"""{"key":2,"verseNumber":255,"isReading":{{isReading}}}""")));

    [Fact]
    public void Bookmark_create_without_isReading_gets_no_isReading_default() =>
        Assert.False(Accepted(CreateBookmark("""{"key":2,"verseNumber":255}""")).Fields.ContainsKey("isReading"));

    [Fact]
    public void Unknown_bookmark_fields_are_dropped() =>
        FieldsAre(
            """{"type":"ayah","key":2,"verseNumber":255,"mushaf":1}""",
            Accepted(CreateBookmark("""{"key":2,"verseNumber":255,"id":"x","userId":"someone","color":"red","createdAt":5}""")).Fields);

    [Fact]
    public void Bookmark_update_keeps_only_the_fields_it_names() =>
        FieldsAre(
            """{"isReading":true}""",
            Accepted(Update("BOOKMARK", Id, """{"isReading":true,"note":"dropped"}""")).Fields);

    [Fact]
    public void Bookmark_update_reads_the_aliases() =>
        FieldsAre(
            """{"type":"surah","mushaf":2}""",
            Accepted(Update("BOOKMARK", Id, """{"bookmarkType":"surah","mushafId":2}""")).Fields);

    [Fact]
    public void Bookmark_update_with_no_known_field_is_accepted_and_changes_nothing() =>
        Assert.Empty(Accepted(Update("BOOKMARK", Id, "{}")).Fields);

    [Fact]
    public void Bookmark_update_with_a_mushaf_outside_the_known_set_is_refused() =>
        Assert.Equal("Invalid mushaf at mutation[0]", Refused(Update("BOOKMARK", Id, """{"mushaf":8}""")));

    [Theory]
    [InlineData("""{"key":"2"}""", "Invalid key")]
    [InlineData("""{"verseNumber":"1"}""", "Invalid verseNumber")]
    [InlineData("""{"type":"verse"}""", "Invalid type")]
    [InlineData("""{"isReading":"no"}""", "Invalid isReading")]
    public void Bookmark_update_refuses_fields_of_the_wrong_kind(string data, string error) =>
        Assert.Equal($"{error} at mutation[0]", Refused(Update("BOOKMARK", Id, data)));

    [Theory]
    [InlineData("""{"key":200}""")]
    [InlineData("""{"verseNumber":300}""")]
    [InlineData("""{"type":"surah"}""")]
    public void Bookmark_update_defers_rules_that_need_the_stored_bookmark(string data) =>
        Accepted(Update("BOOKMARK", Id, data));
}
