using Syncline.Protocol.Validation;
using static Syncline.Protocol.Tests.Validation.Items;

namespace Syncline.Protocol.Tests.Validation;

/// <summary>NOTE data (PROTOCOL.md section 4.4).</summary>
public sealed class NoteTests
{
    private static string CreateNote(string body, string ranges = """["2:255-2:255"]""") =>
        Create("NOTE", $$"""{"body":{{body}},"ranges":{{ranges}}}""");

    private static string Quoted(string text) => $"\"{text}\"";

    // U+1F4D6 (open book) is one code point and two UTF-16 units.
    private static string Books(int count) => string.Concat(Enumerable.Repeat("\U0001F4D6", count));

    private static string Ranges(int count) =>
        "[" + string.Join(",", Enumerable.Range(1, count).Select(ayah => $"\"2:{ayah}-2:{ayah}\"")) + "]";

    [Fact]
    public void Note_create_is_stored_with_body_ranges_and_saveToQR() =>
        FieldsAre(
            """{"body":"Ayat al-Kursi","ranges":["2:255-2:255","3:1-3:2"],"saveToQR":true}""",
            Accepted(Create("NOTE", """{"body":"Ayat al-Kursi","ranges":["2:255-2:255","3:1-3:2"],"saveToQR":true,"color":"x"}""")).Fields);

    [Theory]
    [InlineData("""{"ranges":["1:1-1:7"]}""")]
    [InlineData("""{"body":null,"ranges":["1:1-1:7"]}""")]
    public void Note_create_without_body_is_refused_with_missing_body(string data) =>
        Assert.Equal("Missing body at mutation[0]", Refused(Create("NOTE", data)));

    [Theory]
    [InlineData("""{"body":"Al-Fatiha"}""")]
    [InlineData("""{"body":"Al-Fatiha","ranges":null}""")]
    public void Note_create_without_ranges_is_refused_with_missing_ranges(string data) =>
        Assert.Equal("Missing ranges at mutation[0]", Refused(Create("NOTE", data)));

    [Fact]
    public void Note_body_is_trimmed() =>
        Assert.Equal("Al-Fatiha", Accepted(CreateNote("\"\\n  Al-Fatiha \\t\"")).Fields["body"]!.GetValue<string>());

    [Theory]
    [InlineData(6)]
    [InlineData(10000)]
    public void Note_body_of_6_to_10000_characters_is_accepted(int length) =>
        Accepted(CreateNote(Quoted(new string('b', length))));

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(10001)]
    public void Note_body_outside_6_to_10000_characters_is_refused_with_invalid_body(int length) =>
        Assert.Equal("Invalid body at mutation[0]", Refused(CreateNote(Quoted(new string('b', length)))));

    [Fact]
    public void Note_body_length_is_counted_after_trimming() =>
        Assert.Equal("Invalid body at mutation[0]", Refused(CreateNote(Quoted("   abcde   "))));

    [Fact]
    public void Note_body_of_5_astral_characters_is_refused_although_it_is_10_UTF16_units() =>
        Assert.Equal("Invalid body at mutation[0]", Refused(CreateNote(Quoted(Books(5)))));

    [Fact]
    public void Note_body_of_6_astral_characters_is_accepted() =>
        Assert.Equal(Books(6), Accepted(CreateNote(Quoted(Books(6)))).Fields["body"]!.GetValue<string>());

    [Fact]
    public void Note_body_of_10000_astral_characters_is_accepted_although_it_is_20000_UTF16_units() =>
        Accepted(CreateNote(Quoted(Books(10000))));

    [Fact]
    public void Note_body_of_10001_astral_characters_is_refused_with_invalid_body() =>
        Assert.Equal("Invalid body at mutation[0]", Refused(CreateNote(Quoted(Books(10001)))));

    [Theory]
    [InlineData("abcdef", true)]
    [InlineData("abcde", false)]
    [InlineData("\U0001F4D6\U0001F4D6\U0001F4D6", false)]
    [InlineData("\u0627\u0644\u062D\u0645\u062F\u0020\u0644\u0644\u0647", true)]
    public void IsValidBody_counts_code_points(string body, bool expected) =>
        Assert.Equal(expected, NoteRules.IsValidBody(body));

    [Theory]
    [InlineData("12345")]
    [InlineData("true")]
    [InlineData("[\"a long enough body\"]")]
    public void Non_string_note_body_is_refused_with_invalid_body(string body) =>
        Assert.Equal("Invalid body at mutation[0]", Refused(CreateNote(body)));

    [Theory]
    [InlineData(1)]
    [InlineData(50)]
    public void Note_with_1_to_50_ranges_is_accepted(int count) =>
        Assert.Equal(count, Accepted(CreateNote(Quoted("Reflection"), Ranges(count))).Fields["ranges"]!.AsArray().Count);

    [Theory]
    [InlineData(0)]
    [InlineData(51)]
    public void Note_with_no_ranges_or_more_than_50_is_refused_with_invalid_ranges(int count) =>
        Assert.Equal("Invalid ranges at mutation[0]", Refused(CreateNote(Quoted("Reflection"), Ranges(count))));

    [Theory]
    [InlineData("\"1:1-1:7\"")]
    [InlineData("{\"start\":\"1:1\",\"end\":\"1:7\"}")]
    [InlineData("[1]")]
    [InlineData("[null]")]
    public void Ranges_that_are_not_an_array_of_strings_are_refused_with_invalid_ranges(string ranges) =>
        Assert.Equal("Invalid ranges at mutation[0]", Refused(CreateNote(Quoted("Reflection"), ranges)));

    [Theory]
    [InlineData("1:1-1:7")]
    [InlineData("2:255-2:255")]
    [InlineData("1:7-2:1")]
    [InlineData("2:286-114:6")]
    [InlineData("114:1-114:6")]
    [InlineData("018:001-018:010")]
    public void Range_of_real_ayahs_in_order_is_valid(string range) =>
        Assert.True(NoteRules.IsValidRange(range));

    [Theory]
    [InlineData("1:1-1:8")]
    [InlineData("1:0-1:1")]
    [InlineData("0:1-1:1")]
    [InlineData("115:1-115:2")]
    [InlineData("2:287-3:1")]
    [InlineData("1:7-1:1")]
    [InlineData("2:1-1:7")]
    [InlineData("1:1")]
    [InlineData("1-2")]
    [InlineData("1:1-1:2-1:3")]
    [InlineData("1:1:1-1:2")]
    [InlineData("a:b-c:d")]
    [InlineData("1:1 - 1:2")]
    [InlineData("+1:1-1:2")]
    [InlineData("1:1-")]
    [InlineData("")]
    public void Range_that_is_malformed_names_no_ayah_or_runs_backwards_is_invalid(string range) =>
        Assert.False(NoteRules.IsValidRange(range));

    [Fact]
    public void Invalid_range_anywhere_in_the_list_refuses_the_note() =>
        Assert.Equal(
            "Invalid ranges at mutation[0]",
            Refused(CreateNote(Quoted("Reflection"), """["1:1-1:7","1:7-1:1"]""")));

    [Fact]
    public void Ranges_are_stored_trimmed() =>
        Assert.Equal(
            "1:1-1:7",
            Accepted(CreateNote(Quoted("Reflection"), """[" 1:1-1:7 "]""")).Fields["ranges"]![0]!.GetValue<string>());

    [Fact]
    public void Note_create_without_saveToQR_does_not_save_to_QR() =>
        Assert.False(Accepted(CreateNote(Quoted("Reflection"))).Fields["saveToQR"]!.GetValue<bool>());

    [Theory]
    [InlineData("\"true\"")]
    [InlineData("1")]
    public void Non_boolean_saveToQR_is_refused_with_invalid_saveToQR(string saveToQr) =>
        Assert.Equal(
            "Invalid saveToQR at mutation[0]",
            Refused(Create("NOTE", $$"""{"body":"Reflection","ranges":["1:1-1:7"],"saveToQR":{{saveToQr}}}""")));

    [Fact]
    public void Note_update_keeps_only_the_fields_it_names() =>
        FieldsAre("""{"body":"Second thought"}""", Accepted(Update("NOTE", Id, """{"body":" Second thought "}""")).Fields);

    [Theory]
    [InlineData("""{"body":"short"}""", "Invalid body")]
    [InlineData("""{"ranges":[]}""", "Invalid ranges")]
    [InlineData("""{"ranges":["1:8-1:9"]}""", "Invalid ranges")]
    [InlineData("""{"saveToQR":"yes"}""", "Invalid saveToQR")]
    public void Note_update_checks_the_fields_it_names(string data, string error) =>
        Assert.Equal($"{error} at mutation[0]", Refused(Update("NOTE", Id, data)));
}
