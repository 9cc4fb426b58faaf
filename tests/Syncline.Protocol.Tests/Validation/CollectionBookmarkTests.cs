using Syncline.Protocol.Validation;
using static Syncline.Protocol.Tests.Validation.Items;

namespace Syncline.Protocol.Tests.Validation;

/// <summary>COLLECTION_BOOKMARK links (PROTOCOL.md section 4.3) and their composite id.</summary>
public sealed class CollectionBookmarkTests
{
    private const string Link = "COLLECTION_BOOKMARK";

    [Fact]
    public void Link_create_by_bookmarkId_keeps_both_ids() =>
        FieldsAre(
            $$"""{"collectionId":"{{Id}}","bookmarkId":"{{OtherId}}"}""",
            Accepted(Create(Link, $$"""{"collectionId":"{{Id}}","bookmarkId":"{{OtherId}}","note":"dropped"}""")).Fields);

    [Fact]
    public void Link_create_carries_no_resourceId() =>
        Assert.Null(Accepted($$$"""{"type":"CREATE","resource":"{{{Link}}}","resourceId":"{{{Id}}}-{{{OtherId}}}","data":{"collectionId":"{{{Id}}}","bookmarkId":"{{{OtherId}}}"}}""").ResourceId);

    [Fact]
    public void Link_create_by_bookmark_details_carries_the_canonical_bookmark() =>
        FieldsAre(
            $$$"""{"collectionId":"{{{Id}}}","bookmark":{"type":"ayah","key":2,"verseNumber":255,"mushaf":1}}""",
            Accepted(Create(Link, $$"""{"collectionId":"{{Id}}","key":2,"verseNumber":255}""")).Fields);

    [Fact]
    public void Link_create_by_bookmark_details_reads_the_aliases() =>
        FieldsAre(
            $$$"""{"collectionId":"{{{Id}}}","bookmark":{"type":"surah","key":18,"mushaf":2}}""",
            Accepted(Create(Link, $$"""{"collectionId":"{{Id}}","bookmarkType":"surah","key":18,"mushafId":2}""")).Fields);

    [Fact]
    public void Link_create_by_bookmark_details_leaves_isReading_out_of_the_bookmark() =>
        FieldsAre(
            $$$"""{"collectionId":"{{{Id}}}","bookmark":{"type":"juz","key":30,"mushaf":1}}""",
            Accepted(Create(Link, $$"""{"collectionId":"{{Id}}","type":"juz","key":30,"isReading":true}""")).Fields);

    [Theory]
    [InlineData("""{"key":2}""", "Invalid verseNumber")]
    [InlineData("""{"key":2,"verseNumber":287}""", "Invalid verseNumber")]
    [InlineData("""{"type":"surah","key":2,"verseNumber":1}""", "Invalid verseNumber")]
    [InlineData("""{"type":"juz","key":31}""", "Invalid key")]
    [InlineData("""{"type":"verse","key":1}""", "Invalid type")]
    [InlineData("""{"key":2,"verseNumber":255,"mushaf":8}""", "Invalid mushaf")]
    public void Link_create_by_bookmark_details_follows_the_bookmark_rules(string details, string error)
    {
        var data = details.Replace("{", $$"""{"collectionId":"{{Id}}",""", StringComparison.Ordinal);

        Assert.Equal($"{error} at mutation[0]", Refused(Create(Link, data)));
    }

    [Fact]
    public void Link_create_by_bookmarkId_ignores_bookmark_details() =>
        FieldsAre(
            $$"""{"collectionId":"{{Id}}","bookmarkId":"{{OtherId}}"}""",
            Accepted(Create(Link, $$"""{"collectionId":"{{Id}}","bookmarkId":"{{OtherId}}","key":999}""")).Fields);

    [Theory]
    [InlineData("""{"bookmarkId":"u54maufl0ftmarp73ei0hg64"}""")]
    [InlineData("""{"collectionId":null,"key":2,"verseNumber":255}""")]
    public void Link_create_without_collectionId_is_refused_with_missing_collectionId(string data) =>
        Assert.Equal("Missing collectionId at mutation[0]", Refused(Create(Link, data)));

    [Theory]
    [InlineData("""{"collectionId":"__default__"}""")]
    [InlineData("""{"collectionId":"__default__","type":"ayah","verseNumber":255}""")]
    public void Link_create_without_bookmarkId_or_bookmark_key_is_refused_with_missing_bookmarkId(string data) =>
        Assert.Equal("Missing bookmarkId at mutation[0]", Refused(Create(Link, data)));

    [Theory]
    [InlineData("""{"collectionId":5,"bookmarkId":"u54maufl0ftmarp73ei0hg64"}""", "Invalid collectionId")]
    [InlineData("""{"collectionId":"__default__","bookmarkId":5}""", "Invalid bookmarkId")]
    public void Non_string_link_ids_are_refused(string data, string error) =>
        Assert.Equal($"{error} at mutation[0]", Refused(Create(Link, data)));

    [Fact]
    public void Link_to_the_default_collection_is_accepted_before_the_server_sees_it() =>
        Assert.Equal(
            CollectionRules.DefaultId,
            Accepted(Create(Link, """{"collectionId":"__default__","key":2,"verseNumber":255}""")).Fields["collectionId"]!.GetValue<string>());

    [Fact]
    public void Link_delete_by_data_keys_carries_both_ids()
    {
        var mutation = Accepted($$$"""{"type":"DELETE","resource":"{{{Link}}}","data":{"collectionId":"{{{Id}}}","bookmarkId":"{{{OtherId}}}"}}""");

        Assert.Null(mutation.ResourceId);
        FieldsAre($$"""{"collectionId":"{{Id}}","bookmarkId":"{{OtherId}}"}""", mutation.Fields);
    }

    [Fact]
    public void Link_delete_by_composite_resourceId_carries_both_ids()
    {
        var mutation = Accepted(Delete(Link, $"{Id}-{OtherId}"));

        Assert.Null(mutation.ResourceId);
        FieldsAre($$"""{"collectionId":"{{Id}}","bookmarkId":"{{OtherId}}"}""", mutation.Fields);
    }

    [Fact]
    public void Link_delete_from_the_default_collection_is_accepted() =>
        FieldsAre(
            $$"""{"collectionId":"__default__","bookmarkId":"{{OtherId}}"}""",
            Accepted(Delete(Link, $"__default__-{OtherId}")).Fields);

    [Fact]
    public void Link_delete_data_keys_win_over_resourceId() =>
        FieldsAre(
            $$"""{"collectionId":"{{Id}}","bookmarkId":"{{OtherId}}"}""",
            Accepted($$$"""{"type":"DELETE","resource":"{{{Link}}}","resourceId":"a-b","data":{"collectionId":"{{{Id}}}","bookmarkId":"{{{OtherId}}}"}}""").Fields);

    [Theory]
    [InlineData("""{"collectionId":"j1rnpmr1zu3ytynk6e0w5zp0"}""", "Missing bookmarkId")]
    [InlineData("""{"bookmarkId":"u54maufl0ftmarp73ei0hg64"}""", "Missing collectionId")]
    [InlineData("""{"collectionId":1,"bookmarkId":"u54maufl0ftmarp73ei0hg64"}""", "Invalid collectionId")]
    public void Link_delete_by_data_needs_both_keys(string data, string error) =>
        Assert.Equal(
            $"{error} at mutation[0]",
            Refused($$"""{"type":"DELETE","resource":"{{Link}}","resourceId":"{{Id}}-{{OtherId}}","data":{{data}}}"""));

    [Theory]
    [InlineData("""{"type":"DELETE","resource":"COLLECTION_BOOKMARK"}""")]
    [InlineData("""{"type":"DELETE","resource":"COLLECTION_BOOKMARK","data":{}}""")]
    [InlineData("""{"type":"DELETE","resource":"COLLECTION_BOOKMARK","data":"x"}""")]
    [InlineData("""{"type":"DELETE","resource":"COLLECTION_BOOKMARK","resourceId":""}""")]
    public void Link_delete_without_keys_or_resourceId_is_refused_with_missing_resourceId(string item) =>
        Assert.Equal("Missing resourceId at mutation[0]", Refused(item));

    [Theory]
    [InlineData("j1rnpmr1zu3ytynk6e0w5zp0")]
    [InlineData("a-b-c")]
    [InlineData("-b")]
    public void Link_delete_by_a_resourceId_that_is_not_composite_names_no_link(string resourceId)
    {
        // Accepted here; no link has an empty bookmarkId, so the server answers 404 like any unknown id.
        var mutation = Accepted(Delete(Link, resourceId));

        Assert.Equal(string.Empty, mutation.Fields["bookmarkId"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("j1rnpmr1zu3ytynk6e0w5zp0-u54maufl0ftmarp73ei0hg64", "j1rnpmr1zu3ytynk6e0w5zp0", "u54maufl0ftmarp73ei0hg64")]
    [InlineData("__default__-u54maufl0ftmarp73ei0hg64", "__default__", "u54maufl0ftmarp73ei0hg64")]
    [InlineData("a-b", "a", "b")]
    public void TrySplit_splits_a_composite_id_at_its_dash(string compositeId, string collectionId, string bookmarkId)
    {
        Assert.True(LinkRules.TrySplit(compositeId, out var collection, out var bookmark));
        Assert.Equal((collectionId, bookmarkId), (collection, bookmark));
    }

    [Theory]
    [InlineData("")]
    [InlineData("j1rnpmr1zu3ytynk6e0w5zp0")]
    [InlineData("-u54maufl0ftmarp73ei0hg64")]
    [InlineData("j1rnpmr1zu3ytynk6e0w5zp0-")]
    [InlineData("-")]
    [InlineData("a-b-c")]
    [InlineData("a--b")]
    public void TrySplit_refuses_what_is_not_two_ids_joined_by_one_dash(string compositeId)
    {
        Assert.False(LinkRules.TrySplit(compositeId, out var collection, out var bookmark));
        Assert.Equal((string.Empty, string.Empty), (collection, bookmark));
    }

    [Fact]
    public void CompositeId_joins_the_ids_with_a_dash_and_TrySplit_reverses_it()
    {
        var compositeId = LinkRules.CompositeId(Id, OtherId);

        Assert.Equal($"{Id}-{OtherId}", compositeId);
        Assert.True(LinkRules.TrySplit(compositeId, out var collection, out var bookmark));
        Assert.Equal((Id, OtherId), (collection, bookmark));
    }
}
