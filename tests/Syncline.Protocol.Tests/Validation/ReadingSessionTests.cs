using Syncline.Protocol.Validation;
using static Syncline.Protocol.Tests.Validation.Items;

namespace Syncline.Protocol.Tests.Validation;

/// <summary>READING_SESSION data (PROTOCOL.md section 4.5).</summary>
public sealed class ReadingSessionTests
{
    private static string CreateSession(string data) => Create("READING_SESSION", data);

    [Fact]
    public void Reading_session_create_is_stored_with_its_place_and_client_times_only() =>
        FieldsAre(
            """{"chapterNumber":18,"verseNumber":10,"clientCreatedAt":"2026-07-06T21:55:26.000Z","clientUpdatedAt":"2026-07-06T21:55:26.000Z"}""",
            Accepted(CreateSession("""{"chapterNumber":18,"verseNumber":10,"clientCreatedAt":"2026-07-06T21:55:26Z","clientUpdatedAt":1783374926000,"mushaf":1}""")).Fields);

    [Fact]
    public void Reading_session_name_is_read_in_any_case_and_emitted_upper_case() =>
        Assert.Equal(ResourceNames.ReadingSession, Accepted(Create("reading_session", """{"chapterNumber":1,"verseNumber":1}""")).Resource);

    [Theory]
    [InlineData(1, 1)]
    [InlineData(1, 7)]
    [InlineData(2, 286)]
    [InlineData(114, 6)]
    public void Reading_session_at_a_real_ayah_is_accepted(int chapter, int verse) =>
        Accepted(CreateSession($$"""{"chapterNumber":{{chapter}},"verseNumber":{{verse}}}"""));

    [Theory]
    [InlineData("""{"verseNumber":1}""", "Missing chapterNumber")]
    [InlineData("""{"chapterNumber":null,"verseNumber":1}""", "Missing chapterNumber")]
    [InlineData("""{"chapterNumber":1}""", "Missing verseNumber")]
    [InlineData("""{"chapterNumber":1,"verseNumber":null}""", "Missing verseNumber")]
    public void Reading_session_create_without_its_place_is_refused_naming_the_missing_field(string data, string error) =>
        Assert.Equal($"{error} at mutation[0]", Refused(CreateSession(data)));

    [Theory]
    [InlineData("0")]
    [InlineData("115")]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("\"2\"")]
    [InlineData("true")]
    [InlineData("2147483648")]
    public void Chapter_number_that_is_no_surah_is_refused_with_invalid_chapterNumber(string chapter) =>
        Assert.Equal("Invalid chapterNumber at mutation[0]", Refused(CreateSession($$"""{"chapterNumber":{{chapter}},"verseNumber":1}""")));

    [Theory]
    [InlineData(1, "0")]
    [InlineData(1, "8")]
    [InlineData(2, "287")]
    [InlineData(114, "7")]
    [InlineData(2, "\"255\"")]
    [InlineData(2, "255.0")]
    public void Verse_number_that_is_no_ayah_of_the_surah_is_refused_with_invalid_verseNumber(int chapter, string verse) =>
        Assert.Equal("Invalid verseNumber at mutation[0]", Refused(CreateSession($$"""{"chapterNumber":{{chapter}},"verseNumber":{{verse}}}""")));

    [Fact]
    public void Reading_session_with_an_unreadable_client_time_is_refused_naming_it() =>
        Assert.Equal(
            "Invalid clientUpdatedAt at mutation[0]",
            Refused(CreateSession("""{"chapterNumber":1,"verseNumber":1,"clientUpdatedAt":"not-a-date"}""")));

    [Fact]
    public void Reading_session_update_keeps_only_the_fields_it_names() =>
        FieldsAre("""{"verseNumber":20}""", Accepted(Update("READING_SESSION", Id, """{"verseNumber":20}""")).Fields);

    [Theory]
    [InlineData("""{"chapterNumber":115}""", "Invalid chapterNumber")]
    [InlineData("""{"verseNumber":0}""", "Invalid verseNumber")]
    [InlineData("""{"verseNumber":287}""", "Invalid verseNumber")]
    [InlineData("""{"chapterNumber":1,"verseNumber":8}""", "Invalid verseNumber")]
    public void Reading_session_update_checks_the_numbers_it_names(string data, string error) =>
        Assert.Equal($"{error} at mutation[0]", Refused(Update("READING_SESSION", Id, data)));

    [Fact]
    public void Reading_session_update_needs_a_resourceId() =>
        Assert.Equal("Missing resourceId at mutation[0]", Refused("""{"type":"UPDATE","resource":"READING_SESSION","data":{"verseNumber":2}}"""));

    [Fact]
    public void Reading_session_delete_needs_only_a_resourceId() =>
        Assert.Equal(Id, Accepted(Delete("READING_SESSION", Id)).ResourceId);

    [Theory]
    [InlineData("""{"chapterNumber":1,"verseNumber":7}""", null)]
    [InlineData("""{"chapterNumber":1,"verseNumber":8}""", "Invalid verseNumber")]
    [InlineData("""{"verseNumber":8}""", "Invalid chapterNumber")]
    [InlineData("""{"chapterNumber":1}""", "Invalid verseNumber")]
    public void Merged_reading_session_must_name_a_real_ayah(string merged, string? error) =>
        Assert.Equal(error, ReadingSessionRules.CheckComplete(System.Text.Json.Nodes.JsonNode.Parse(merged)!.AsObject()));
}
