using static Syncline.Protocol.Tests.Validation.Items;

namespace Syncline.Protocol.Tests.Validation;

/// <summary>The shape of a push item (PROTOCOL.md sections 3.2, 4 and 5): resource, type, resourceId, data.</summary>
public sealed class ItemShapeTests
{
    [Theory]
    [InlineData("bookmark", "delete", "BOOKMARK", "DELETE")]
    [InlineData("Collection", "Delete", "COLLECTION", "DELETE")]
    [InlineData("note", "DELETE", "NOTE", "DELETE")]
    [InlineData("NOTE", "dElEtE", "NOTE", "DELETE")]
    [InlineData("collection_bookmark", "delete", "COLLECTION_BOOKMARK", "DELETE")]
    [InlineData("Collection_Bookmark", "DELETE", "COLLECTION_BOOKMARK", "DELETE")]
    public void Resource_and_type_names_are_read_in_any_case_and_emitted_upper_case(
        string resource, string type, string expectedResource, string expectedType)
    {
        // A composite id serves every resource: for the others it is just an id the server will not find.
        var mutation = Accepted($$"""{"type":"{{type}}","resource":"{{resource}}","resourceId":"{{Id}}-{{OtherId}}"}""");

        Assert.Equal(expectedResource, mutation.Resource);
        Assert.Equal(expectedType, mutation.Type);
    }

    [Fact]
    public void Create_in_lower_case_is_emitted_upper_case()
    {
        var mutation = Accepted("""{"type":"create","resource":"bookmark","data":{"key":2,"verseNumber":255}}""");

        Assert.Equal((ResourceNames.Bookmark, MutationTypes.Create), (mutation.Resource, mutation.Type));
    }

    [Theory]
    [InlineData("""[]""")]
    [InlineData("\"CREATE\"")]
    [InlineData("""42""")]
    [InlineData("""null""")]
    public void Item_that_is_not_an_object_is_refused_as_invalid_mutation(string item) =>
        Assert.Equal("Invalid mutation at mutation[0]", Refused(item));

    [Theory]
    [InlineData("""{"type":"CREATE","data":{"key":1,"verseNumber":1}}""")]
    [InlineData("""{"type":"CREATE","resource":null,"data":{"key":1,"verseNumber":1}}""")]
    [InlineData("""{}""")]
    public void Item_without_resource_is_refused_with_missing_resource(string item) =>
        Assert.Equal("Missing resource at mutation[0]", Refused(item));

    [Theory]
    [InlineData("\"BOOKMARKS\"", "Invalid resource: \"BOOKMARKS\" at mutation[0]")]
    [InlineData("\"x\"", "Invalid resource: \"x\" at mutation[0]")]
    [InlineData("\"\"", "Invalid resource: \"\" at mutation[0]")]
    [InlineData("\" NOTE\"", "Invalid resource: \" NOTE\" at mutation[0]")]
    [InlineData("5", "Invalid resource: \"5\" at mutation[0]")]
    [InlineData("true", "Invalid resource: \"true\" at mutation[0]")]
    public void Unknown_resource_is_refused_quoting_what_was_sent(string resource, string expected) =>
        Assert.Equal(expected, Refused($$"""{"type":"DELETE","resource":{{resource}},"resourceId":"{{Id}}"}"""));

    [Theory]
    [InlineData("""{"resource":"NOTE","resourceId":"j1rnpmr1zu3ytynk6e0w5zp0"}""")]
    [InlineData("""{"type":null,"resource":"NOTE","resourceId":"j1rnpmr1zu3ytynk6e0w5zp0"}""")]
    public void Item_without_type_is_refused_with_missing_mutation_type(string item) =>
        Assert.Equal("Missing mutation type at mutation[0]", Refused(item));

    [Theory]
    [InlineData("\"PATCH\"", "Invalid mutation type: \"PATCH\" at mutation[0]")]
    [InlineData("\"x\"", "Invalid mutation type: \"x\" at mutation[0]")]
    [InlineData("\"\"", "Invalid mutation type: \"\" at mutation[0]")]
    [InlineData("1", "Invalid mutation type: \"1\" at mutation[0]")]
    public void Unknown_type_is_refused_quoting_what_was_sent(string type, string expected) =>
        Assert.Equal(expected, Refused($$"""{"type":{{type}},"resource":"NOTE","resourceId":"{{Id}}"}"""));

    [Fact]
    public void Resource_is_checked_before_type() =>
        Assert.Equal("Invalid resource: \"x\" at mutation[0]", Refused("""{"type":"x","resource":"x"}"""));

    [Theory]
    [InlineData("BOOKMARK", "UPDATE")]
    [InlineData("BOOKMARK", "DELETE")]
    [InlineData("COLLECTION", "UPDATE")]
    [InlineData("COLLECTION", "DELETE")]
    [InlineData("NOTE", "UPDATE")]
    [InlineData("NOTE", "DELETE")]
    public void Update_or_delete_without_resourceId_is_refused_with_missing_resourceId(string resource, string type) =>
        Assert.Equal(
            "Missing resourceId at mutation[0]",
            Refused($$$"""{"type":"{{{type}}}","resource":"{{{resource}}}","data":{"isPrivate":true}}"""));

    [Theory]
    [InlineData("null")]
    [InlineData("\"\"")]
    public void Null_or_empty_resourceId_counts_as_missing(string resourceId) =>
        Assert.Equal(
            "Missing resourceId at mutation[0]",
            Refused($$"""{"type":"DELETE","resource":"NOTE","resourceId":{{resourceId}}}"""));

    [Theory]
    [InlineData("UPDATE", "5")]
    [InlineData("UPDATE", "true")]
    [InlineData("DELETE", "{}")]
    [InlineData("DELETE", "[\"j1rnpmr1zu3ytynk6e0w5zp0\"]")]
    public void Non_string_resourceId_is_refused_with_invalid_resourceId(string type, string resourceId) =>
        Assert.Equal(
            "Invalid resourceId at mutation[0]",
            Refused($$$"""{"type":"{{{type}}}","resource":"BOOKMARK","resourceId":{{{resourceId}}},"data":{"isReading":true}}"""));

    [Fact]
    public void Non_string_resourceId_of_a_collection_bookmark_delete_is_refused_with_invalid_resourceId() =>
        Assert.Equal(
            "Invalid resourceId at mutation[0]",
            Refused("""{"type":"DELETE","resource":"COLLECTION_BOOKMARK","resourceId":7}"""));

    [Theory]
    [InlineData("\"j1rnpmr1zu3ytynk6e0w5zp0\"")]
    [InlineData("5")]
    public void Create_ignores_any_resourceId_because_the_server_assigns_ids(string resourceId)
    {
        var mutation = Accepted($$$"""{"type":"CREATE","resource":"COLLECTION","resourceId":{{{resourceId}}},"data":{"name":"Dua"}}""");

        Assert.Null(mutation.ResourceId);
    }

    [Fact]
    public void Resource_id_of_an_update_or_delete_is_kept_as_sent()
    {
        var mutation = Accepted(Delete("NOTE", "not-a-valid-id"));

        Assert.Equal("not-a-valid-id", mutation.ResourceId);
    }

    [Theory]
    [InlineData("BOOKMARK", "CREATE")]
    [InlineData("BOOKMARK", "UPDATE")]
    [InlineData("COLLECTION", "CREATE")]
    [InlineData("COLLECTION", "UPDATE")]
    [InlineData("NOTE", "CREATE")]
    [InlineData("NOTE", "UPDATE")]
    [InlineData("COLLECTION_BOOKMARK", "CREATE")]
    public void Create_or_update_without_data_is_refused_with_missing_data(string resource, string type) =>
        Assert.Equal(
            "Missing data at mutation[0]",
            Refused($$"""{"type":"{{type}}","resource":"{{resource}}","resourceId":"{{Id}}"}"""));

    [Fact]
    public void Null_data_counts_as_missing() =>
        Assert.Equal("Missing data at mutation[0]", Refused("""{"type":"CREATE","resource":"NOTE","data":null}"""));

    [Theory]
    [InlineData("[]")]
    [InlineData("\"{}\"")]
    [InlineData("1")]
    [InlineData("false")]
    public void Data_that_is_not_an_object_is_refused_with_invalid_data(string data) =>
        Assert.Equal("Invalid data at mutation[0]", Refused($$"""{"type":"CREATE","resource":"BOOKMARK","data":{{data}}}"""));

    [Fact]
    public void Delete_needs_no_data_and_carries_no_fields()
    {
        var mutation = Accepted(Delete("BOOKMARK", Id));

        Assert.Equal(Id, mutation.ResourceId);
        Assert.Empty(mutation.Fields);
    }

    [Fact]
    public void Delete_ignores_whatever_data_it_carries()
    {
        var mutation = Accepted($$$"""{"type":"DELETE","resource":"COLLECTION","resourceId":"{{{Id}}}","data":{"name":""}}""");

        Assert.Empty(mutation.Fields);
    }

    [Fact]
    public void Collection_bookmark_update_is_refused() =>
        Assert.Equal(
            "Invalid mutation type: \"UPDATE\" for COLLECTION_BOOKMARK at mutation[0]",
            Refused($$$"""{"type":"update","resource":"COLLECTION_BOOKMARK","resourceId":"{{{Id}}}-{{{OtherId}}}","data":{}}"""));

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(99)]
    public void Error_names_the_index_of_the_item(int index) =>
        Assert.Equal($"Invalid key at mutation[{index}]", Refused(Create("BOOKMARK", """{"key":"2"}"""), index));

    [Theory]
    [InlineData(0)]
    [InlineData(42)]
    public void Valid_mutation_carries_the_index_of_the_item(int index) =>
        Assert.Equal(index, Accepted(Delete("NOTE", Id), index).Index);

    [Fact]
    public void Unknown_item_properties_are_ignored() =>
        Accepted($$$"""{"type":"DELETE","resource":"NOTE","resourceId":"{{{Id}}}","timestamp":1,"extra":{"a":1}}""");
}
