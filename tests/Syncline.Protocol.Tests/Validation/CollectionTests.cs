using Syncline.Protocol.Validation;
using static Syncline.Protocol.Tests.Validation.Items;

namespace Syncline.Protocol.Tests.Validation;

/// <summary>COLLECTION data and the system collection (PROTOCOL.md section 4.2).</summary>
public sealed class CollectionTests
{
    [Fact]
    public void Collection_create_is_stored_with_its_name_and_privacy() =>
        FieldsAre(
            """{"name":"Dua","isPrivate":false}""",
            Accepted(Create("COLLECTION", """{"name":"Dua","isPrivate":false}""")).Fields);

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"name":null}""")]
    [InlineData("""{"isPrivate":true}""")]
    public void Collection_create_without_name_is_refused_with_missing_name(string data) =>
        Assert.Equal("Missing name at mutation[0]", Refused(Create("COLLECTION", data)));

    [Fact]
    public void Collection_name_is_trimmed() =>
        Assert.Equal("Dua", Accepted(Create("COLLECTION", """{"name":"  Dua\t\n"}""")).Fields["name"]!.GetValue<string>());

    [Theory]
    [InlineData("\"\"")]
    [InlineData("\"   \"")]
    [InlineData("\"\\t\\n\"")]
    public void Collection_name_empty_after_trimming_is_refused_with_invalid_name(string name) =>
        Assert.Equal("Invalid name at mutation[0]", Refused(Create("COLLECTION", $$"""{"name":{{name}}}""")));

    [Theory]
    [InlineData("1")]
    [InlineData("true")]
    [InlineData("[\"Dua\"]")]
    public void Non_string_collection_name_is_refused_with_invalid_name(string name) =>
        Assert.Equal("Invalid name at mutation[0]", Refused(Create("COLLECTION", $$"""{"name":{{name}}}""")));

    [Theory]
    [InlineData(1)]
    [InlineData(255)]
    public void Collection_name_of_1_to_255_characters_is_accepted(int length) =>
        Assert.Equal(length, Accepted(Create("COLLECTION", $$"""{"name":"{{new string('n', length)}}"}""")).Fields["name"]!.GetValue<string>().Length);

    [Fact]
    public void Collection_name_over_255_characters_is_refused_with_invalid_name() =>
        Assert.Equal("Invalid name at mutation[0]", Refused(Create("COLLECTION", $$"""{"name":"{{new string('n', 256)}}"}""")));

    [Fact]
    public void Collection_name_length_is_counted_after_trimming() =>
        Accepted(Create("COLLECTION", $$"""{"name":"  {{new string('n', 255)}}  "}"""));

    // U+1F4D6 (open book) is one code point and two UTF-16 units.
    private static string Books(int count) => string.Concat(Enumerable.Repeat("\U0001F4D6", count));

    [Fact]
    public void Collection_name_length_is_counted_in_code_points_not_UTF16_units() =>
        Assert.Equal(Books(255), Accepted(Create("COLLECTION", $$"""{"name":"{{Books(255)}}"}""")).Fields["name"]!.GetValue<string>());

    [Fact]
    public void Collection_name_of_256_astral_characters_is_refused_with_invalid_name() =>
        Assert.Equal("Invalid name at mutation[0]", Refused(Create("COLLECTION", $$"""{"name":"{{Books(256)}}"}""")));

    [Fact]
    public void Collection_create_without_isPrivate_is_private() =>
        Assert.True(Accepted(Create("COLLECTION", """{"name":"Dua"}""")).Fields["isPrivate"]!.GetValue<bool>());

    [Theory]
    [InlineData("\"false\"")]
    [InlineData("0")]
    public void Non_boolean_isPrivate_is_refused_with_invalid_isPrivate(string isPrivate) =>
        Assert.Equal("Invalid isPrivate at mutation[0]", Refused(Create("COLLECTION", $$"""{"name":"Dua","isPrivate":{{isPrivate}}}""")));

    [Fact]
    public void Computed_collection_fields_sent_by_a_client_are_dropped() =>
        FieldsAre(
            """{"name":"Dua","isPrivate":true}""",
            Accepted(Create("COLLECTION", """{"name":"Dua","slug":"x","isDefault":true,"isSystem":true,"color":"red"}""")).Fields);

    [Fact]
    public void Collection_update_keeps_only_the_fields_it_names() =>
        FieldsAre("""{"isPrivate":false}""", Accepted(Update("COLLECTION", Id, """{"isPrivate":false}""")).Fields);

    [Fact]
    public void Collection_update_may_rename() =>
        FieldsAre("""{"name":"Duas"}""", Accepted(Update("COLLECTION", Id, """{"name":" Duas "}""")).Fields);

    [Fact]
    public void Collection_update_to_an_empty_name_is_refused_with_invalid_name() =>
        Assert.Equal("Invalid name at mutation[0]", Refused(Update("COLLECTION", Id, """{"name":" "}""")));

    [Theory]
    [InlineData("""{"name":"Favourites"}""")]
    [InlineData("""{"isPrivate":false}""")]
    public void Default_collection_cannot_be_updated(string data) =>
        Assert.Equal(
            "Default collection cannot be modified at mutation[0]",
            Refused(Update("COLLECTION", CollectionRules.DefaultId, data)));

    [Fact]
    public void Default_collection_cannot_be_deleted() =>
        Assert.Equal(
            "Default collection cannot be deleted at mutation[0]",
            Refused(Delete("COLLECTION", CollectionRules.DefaultId)));

    [Fact]
    public void Default_collection_update_is_refused_even_without_data() =>
        Assert.Equal(
            "Default collection cannot be modified at mutation[0]",
            Refused("""{"type":"UPDATE","resource":"COLLECTION","resourceId":"__default__"}"""));

    [Fact]
    public void Collection_create_that_names_the_default_id_is_an_ordinary_create() =>
        Assert.Null(Accepted("""{"type":"CREATE","resource":"COLLECTION","resourceId":"__default__","data":{"name":"Dua"}}""").ResourceId);

    [Fact]
    public void System_collection_is_called_Favorites() =>
        Assert.Equal(("__default__", "Favorites"), (CollectionRules.DefaultId, CollectionRules.DefaultName));

    [Theory]
    [InlineData("Dua", "dua")]
    [InlineData("  My Favourite  Verses! ", "my-favourite-verses")]
    [InlineData("Juz' Amma", "juz-amma")]
    [InlineData("--Night--Prayer--", "night-prayer")]
    [InlineData("Surah 18 (Al-Kahf)", "surah-18-al-kahf")]
    [InlineData("أدعية", "أدعية")]
    [InlineData("!!!", "")]
    public void Slug_is_the_lower_case_name_with_runs_of_other_characters_as_one_dash(string name, string slug) =>
        Assert.Equal(slug, CollectionRules.Slug(name));
}
