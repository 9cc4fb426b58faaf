using System.Text.Json.Nodes;
using Syncline.Protocol.Validation;
using static Syncline.Protocol.Tests.Validation.Items;

namespace Syncline.Protocol.Tests.Validation;

/// <summary><see cref="BookmarkRules.CheckComplete"/> and <see cref="BookmarkRules.NaturalKey(JsonObject)"/>, which the server runs on stored and merged bookmarks.</summary>
public sealed class BookmarkRulesTests
{
    private static JsonObject Bookmark(string json) => JsonNode.Parse(json)!.AsObject();

    [Theory]
    [InlineData("""{"type":"ayah","key":2,"verseNumber":255,"mushaf":1}""")]
    [InlineData("""{"type":"surah","key":114,"mushaf":19}""")]
    [InlineData("""{"type":"juz","key":30,"mushaf":1,"isReading":true}""")]
    [InlineData("""{"type":"page","key":1000,"mushaf":7}""")]
    public void CheckComplete_accepts_a_whole_bookmark(string bookmark) =>
        Assert.Null(BookmarkRules.CheckComplete(Bookmark(bookmark)));

    [Fact]
    public void CheckComplete_reads_a_bookmark_without_type_or_mushaf_as_an_ayah_in_mushaf_1() =>
        Assert.Null(BookmarkRules.CheckComplete(Bookmark("""{"key":1,"verseNumber":7}""")));

    [Theory]
    [InlineData("""{"type":"ayah","verseNumber":1}""", "Invalid key")]
    [InlineData("""{"type":"juz","key":31}""", "Invalid key")]
    [InlineData("""{"type":"page","key":0}""", "Invalid key")]
    [InlineData("""{"type":"surah","key":115}""", "Invalid key")]
    [InlineData("""{"type":"verse","key":1}""", "Invalid key")]
    [InlineData("""{"type":"ayah","key":2}""", "Invalid verseNumber")]
    [InlineData("""{"type":"ayah","key":1,"verseNumber":8}""", "Invalid verseNumber")]
    [InlineData("""{"type":"surah","key":2,"verseNumber":1}""", "Invalid verseNumber")]
    [InlineData("""{"type":"ayah","key":2,"verseNumber":255,"mushaf":8}""", "Invalid mushaf")]
    public void CheckComplete_names_the_first_broken_rule(string bookmark, string error) =>
        Assert.Equal(error, BookmarkRules.CheckComplete(Bookmark(bookmark)));

    [Fact]
    public void CheckComplete_catches_an_update_that_turns_an_ayah_bookmark_into_a_surah_bookmark()
    {
        var stored = Bookmark("""{"type":"ayah","key":2,"verseNumber":255,"mushaf":1}""");
        foreach (var (name, value) in Accepted(Update("BOOKMARK", Id, """{"type":"surah"}""")).Fields)
        {
            stored[name] = value?.DeepClone();
        }

        Assert.Equal("Invalid verseNumber", BookmarkRules.CheckComplete(stored));
    }

    [Theory]
    [InlineData("""{"type":"ayah","key":2,"verseNumber":255,"mushaf":1}""", "1:ayah:2:255")]
    [InlineData("""{"type":"surah","key":36,"mushaf":4}""", "4:surah:36:")]
    [InlineData("""{"type":"page","key":604,"mushaf":19}""", "19:page:604:")]
    [InlineData("""{"key":2,"verseNumber":255}""", "1:ayah:2:255")]
    public void NaturalKey_is_mushaf_type_key_and_verseNumber(string bookmark, string expected) =>
        Assert.Equal(expected, BookmarkRules.NaturalKey(Bookmark(bookmark)));

    [Theory]
    [InlineData("""{"type":"ayah","key":2,"verseNumber":255,"mushaf":1}""")]
    [InlineData("""{"type":"surah","key":18,"mushaf":7,"isReading":true}""")]
    [InlineData("""{"key":1,"verseNumber":1}""")]
    public void NaturalKey_reads_the_same_from_stored_json_text_as_from_the_dom(string bookmark)
    {
        using var document = System.Text.Json.JsonDocument.Parse(bookmark);

        Assert.Equal(BookmarkRules.NaturalKey(Bookmark(bookmark)), BookmarkRules.NaturalKey(document.RootElement));
    }

    [Fact]
    public void NaturalKey_ignores_fields_outside_the_identity() =>
        Assert.Equal(
            BookmarkRules.NaturalKey(Bookmark("""{"type":"ayah","key":2,"verseNumber":255,"mushaf":1}""")),
            BookmarkRules.NaturalKey(Bookmark("""{"type":"ayah","key":2,"verseNumber":255,"mushaf":1,"isReading":true,"clientCreatedAt":"2026-01-25T11:35:15.572Z"}""")));

    [Fact]
    public void Bookmarks_sent_with_aliases_or_defaults_have_the_same_natural_key_as_spelled_out()
    {
        var spelledOut = Accepted(Create("BOOKMARK", """{"type":"ayah","key":2,"verseNumber":255,"mushaf":1}""")).Fields;
        var aliased = Accepted(Create("BOOKMARK", """{"bookmarkType":"AYAH","key":2,"verseNumber":255,"mushafId":1}""")).Fields;
        var defaulted = Accepted(Create("BOOKMARK", """{"key":2,"verseNumber":255}""")).Fields;

        Assert.Equal(BookmarkRules.NaturalKey(spelledOut), BookmarkRules.NaturalKey(aliased));
        Assert.Equal(BookmarkRules.NaturalKey(spelledOut), BookmarkRules.NaturalKey(defaulted));
    }

    [Fact]
    public void Bookmarks_in_different_mushafs_have_different_natural_keys() =>
        Assert.NotEqual(
            BookmarkRules.NaturalKey(Bookmark("""{"type":"ayah","key":2,"verseNumber":255,"mushaf":1}""")),
            BookmarkRules.NaturalKey(Bookmark("""{"type":"ayah","key":2,"verseNumber":255,"mushaf":2}""")));

    [Fact]
    public void Types_lists_ayah_first_as_the_default() =>
        Assert.Equal(["ayah", "surah", "juz", "page"], BookmarkRules.Types);
}
