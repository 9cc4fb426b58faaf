using static Syncline.Protocol.Tests.Validation.Items;

namespace Syncline.Protocol.Tests.Validation;

/// <summary>
/// JSON may escape a lone UTF-16 surrogate (<c>"\ud800"</c>): the document parses, but the string is
/// not text. Such a value is invalid like any other wrong value; it must not make validation throw.
/// </summary>
public sealed class InvalidTextTests
{
    [Theory]
    [InlineData("""{"type":"CREATE","resource":"\ud800","data":{}}""", """Invalid resource: "\ud800" at mutation[0]""")]
    [InlineData("""{"type":"\udc00","resource":"NOTE","data":{}}""", """Invalid mutation type: "\udc00" at mutation[0]""")]
    [InlineData("""{"type":"DELETE","resource":"NOTE","resourceId":"\ud800x"}""", "Invalid resourceId at mutation[0]")]
    [InlineData("""{"type":"DELETE","resource":"COLLECTION_BOOKMARK","resourceId":"a-\ud800"}""", "Invalid resourceId at mutation[0]")]
    public void Item_name_or_id_that_is_not_valid_text_is_refused(string item, string error) =>
        Assert.Equal(error, Refused(item));

    [Theory]
    [InlineData("BOOKMARK", """{"type":"\ud800","key":1}""", "Invalid type")]
    [InlineData("BOOKMARK", """{"key":2,"verseNumber":255,"clientCreatedAt":"2026\udc00"}""", "Invalid clientCreatedAt")]
    [InlineData("COLLECTION", """{"name":"\udc00abc"}""", "Invalid name")]
    [InlineData("NOTE", """{"body":"\ud800abcdefg","ranges":["1:1-1:7"]}""", "Invalid body")]
    [InlineData("NOTE", """{"body":"Reflection","ranges":["1:1-1:7\ud800"]}""", "Invalid ranges")]
    [InlineData("COLLECTION_BOOKMARK", """{"collectionId":"\ud800","bookmarkId":"u54maufl0ftmarp73ei0hg64"}""", "Invalid collectionId")]
    [InlineData("COLLECTION_BOOKMARK", """{"collectionId":"__default__","bookmarkId":"\ud800"}""", "Invalid bookmarkId")]
    public void Field_that_is_not_valid_text_is_refused_as_invalid(string resource, string data, string error) =>
        Assert.Equal($"{error} at mutation[0]", Refused(Create(resource, data)));

    [Fact]
    public void Link_delete_key_that_is_not_valid_text_is_refused_as_invalid() =>
        Assert.Equal(
            "Invalid bookmarkId at mutation[0]",
            Refused("""{"type":"DELETE","resource":"COLLECTION_BOOKMARK","data":{"collectionId":"__default__","bookmarkId":"\udc00"}}"""));

    [Fact]
    public void Unknown_field_whose_name_is_not_valid_text_is_ignored_like_any_unknown_field() =>
        FieldsAre(
            """{"name":"Dua","isPrivate":true}""",
            Accepted(Create("COLLECTION", """{"\ud800":"x","name":"Dua"}""")).Fields);
}
