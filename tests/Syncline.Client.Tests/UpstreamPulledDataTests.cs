using Syncline.Client.Tests.Support;
using Syncline.Protocol;

namespace Syncline.Client.Tests;

/// <summary>
/// Pulled data in the upstream service's shapes (UPSTREAM.md 1.4, 1.5, 1.6) is stored as the record it
/// is: bookmark aliases, links that name their bookmark by alias, composite id or place, client times.
/// </summary>
public sealed class UpstreamPulledDataTests : IAsyncDisposable
{
    private DeviceStore? _store;

    private async Task<DeviceStore> StoreAsync() => _store ??= await DeviceStore.OpenAsync();

    private static string Page(string mutations) => $$"""{ "success": true, "data": { "lastMutationAt": 5000, "mutations": [ {{mutations}} ] } }""";

    private const string AyahBookmark = """
        { "resource": "BOOKMARK", "resourceId": "remote-bookmark", "type": "CREATE", "timestamp": 1000,
          "data": { "type": "ayah", "key": 10, "verseNumber": 7, "mushaf": 4 } }
        """;

    [Fact]
    public async Task A_bookmark_with_only_bookmarkType_and_bookmarkGroup_stays_a_juz_bookmark()
    {
        var store = await StoreAsync();

        await store.PullAsync(Page("""
            { "resource": "BOOKMARK", "resourceId": "remote-juz", "type": "CREATE", "timestamp": 1000,
              "data": { "bookmarkType": "juz", "bookmarkGroup": "juz_30", "key": 30 } }
            """));

        var bookmark = Bookmarks.ToBookmark((await store.GetAsync(ResourceNames.Bookmark, "remote-juz"))!);
        Assert.Equal((BookmarkType.Juz, 30, (int?)null, 1), (bookmark.Type, bookmark.Key, bookmark.VerseNumber, bookmark.Mushaf));
    }

    [Fact]
    public async Task The_bookmarkType_only_fixture_is_read_as_an_ayah_bookmark_with_its_client_time()
    {
        var store = await StoreAsync();

        // UPSTREAM.md 1.4, DefaultCollectionBookmarkRemoteMappingTest.
        await store.PullAsync(Page("""
            { "resource": "BOOKMARK", "resourceId": "remote-true", "type": "CREATE", "timestamp": 1,
              "data": { "bookmarkType": "ayah", "key": 1, "verseNumber": 2, "isInDefaultCollection": true,
                        "clientCreatedAt": "2026-07-06T21:55:26.000Z", "clientUpdatedAt": "2026-07-06T21:55:26.000Z" } }
            """));

        var row = (await store.GetAsync(ResourceNames.Bookmark, "remote-true"))!;
        Assert.Equal(
            """{"type":"ayah","key":1,"verseNumber":2,"mushaf":1,"clientCreatedAt":"2026-07-06T21:55:26Z","clientUpdatedAt":"2026-07-06T21:55:26Z"}""",
            row.Data.ToJsonString());
    }

    [Fact]
    public async Task The_kind_is_read_case_insensitively_and_bookmarkType_comes_before_type()
    {
        var store = await StoreAsync();

        await store.PullAsync(Page("""
            { "resource": "BOOKMARK", "resourceId": "remote-page", "type": "CREATE", "timestamp": 1000,
              "data": { "bookmarkType": "PAGE", "type": "ayah", "key": 604 } }
            """));

        var bookmark = Bookmarks.ToBookmark((await store.GetAsync(ResourceNames.Bookmark, "remote-page"))!);
        Assert.Equal((BookmarkType.Page, 604), (bookmark.Type, bookmark.Key));
    }

    [Fact]
    public async Task A_bookmark_with_mushafId_takes_it_as_its_mushaf()
    {
        var store = await StoreAsync();

        await store.PullAsync(Page("""
            { "resource": "BOOKMARK", "resourceId": "remote-bookmark", "type": "CREATE", "timestamp": 1000,
              "data": { "bookmarkType": "ayah", "key": 18, "verseNumber": 3, "mushafId": 4 } }
            """));

        Assert.Equal(4, Bookmarks.ToBookmark((await store.GetAsync(ResourceNames.Bookmark, "remote-bookmark"))!).Mushaf);
    }

    [Fact]
    public async Task An_update_without_mushaf_keeps_the_mushaf_this_device_knows()
    {
        var store = await StoreAsync();
        await store.PullAsync(Page(AyahBookmark));

        await store.PullAsync(Page("""
            { "resource": "BOOKMARK", "resourceId": "remote-bookmark", "type": "UPDATE", "timestamp": 2000,
              "data": { "bookmarkType": "ayah", "key": 10, "verseNumber": 7, "isReading": true } }
            """));

        var bookmark = Bookmarks.ToBookmark((await store.GetAsync(ResourceNames.Bookmark, "remote-bookmark"))!);
        Assert.Equal((4, true), (bookmark.Mushaf, bookmark.IsReading));
    }

    [Fact]
    public async Task A_link_echo_with_no_resourceId_is_stored_under_the_ids_in_its_data()
    {
        var store = await StoreAsync();

        // UPSTREAM.md 1.5, collectionBookmarkCreateEcho.
        await store.PullAsync(Page("""
            { "resource": "COLLECTION_BOOKMARK", "resourceId": null, "type": "CREATE", "timestamp": 2000,
              "data": { "collectionId": "remote-collection", "bookmarkId": "remote-bookmark",
                        "type": "ayah", "key": 10, "verseNumber": 7, "mushaf": 4 } }
            """));

        var link = Assert.Single(await store.ListAsync(ResourceNames.CollectionBookmark));
        Assert.Equal(("remote-collection-remote-bookmark", """{"collectionId":"remote-collection","bookmarkId":"remote-bookmark"}"""), (link.Id, link.Data.ToJsonString()));
    }

    [Fact]
    public async Task A_link_with_only_a_composite_id_takes_its_bookmark_from_the_id()
    {
        var store = await StoreAsync();

        // UPSTREAM.md 1.5, "remote collection bookmark uses response resource id when present".
        await store.PullAsync(Page("""
            { "resource": "COLLECTION_BOOKMARK", "resourceId": "remote-collection-2-remote-bookmark-2", "type": "CREATE", "timestamp": 2000,
              "data": { "collectionId": "remote-collection-2", "type": "ayah", "key": 10, "verseNumber": 7, "mushaf": 4 } }
            """));

        var link = Assert.Single(await store.ListAsync(ResourceNames.CollectionBookmark));
        Assert.Equal(("remote-collection-2", "remote-bookmark-2"), (link.CollectionId, link.BookmarkId));
    }

    [Fact]
    public async Task A_link_naming_its_bookmark_as_bookmark_id_is_read()
    {
        var store = await StoreAsync();

        await store.PullAsync(Page("""
            { "resource": "COLLECTION_BOOKMARK", "type": "CREATE", "timestamp": 2000,
              "data": { "collectionId": "remote-collection", "bookmark_id": "remote-bookmark" } }
            """));

        Assert.Equal("remote-bookmark", Assert.Single(await store.ListAsync(ResourceNames.CollectionBookmark)).BookmarkId);
    }

    [Fact]
    public async Task A_link_with_no_bookmark_id_is_resolved_through_the_bookmark_at_its_place_in_the_same_page()
    {
        var store = await StoreAsync();

        await store.PullAsync(Page(AyahBookmark + """
            ,{ "resource": "COLLECTION_BOOKMARK", "type": "CREATE", "timestamp": 2000,
               "data": { "collectionId": "remote-collection", "type": "ayah", "key": 10, "verseNumber": 7, "mushaf": 4 } }
            """));

        Assert.Equal("remote-bookmark", Assert.Single(await store.ListAsync(ResourceNames.CollectionBookmark)).BookmarkId);
    }

    [Fact]
    public async Task A_link_with_no_bookmark_id_and_no_mushaf_is_resolved_through_the_one_stored_bookmark_at_its_place()
    {
        var store = await StoreAsync();
        await store.PullAsync(Page(AyahBookmark));

        await store.PullAsync(Page("""
            { "resource": "COLLECTION_BOOKMARK", "type": "CREATE", "timestamp": 2000,
              "data": { "collectionId": "remote-collection", "bookmarkType": "ayah", "key": 10, "verseNumber": 7 } }
            """));

        Assert.Equal("remote-bookmark", Assert.Single(await store.ListAsync(ResourceNames.CollectionBookmark)).BookmarkId);
    }

    [Fact]
    public async Task A_link_whose_bookmark_cannot_be_named_is_left_out_and_the_rest_of_the_page_applies()
    {
        var store = await StoreAsync();

        await store.PullAsync(Page("""
            { "resource": "COLLECTION_BOOKMARK", "type": "CREATE", "timestamp": 2000,
              "data": { "collectionId": "remote-collection", "type": "ayah", "key": 2, "verseNumber": 255 } }
            """ + "," + AyahBookmark.Replace("1000", "3000", StringComparison.Ordinal)));

        Assert.Empty(await store.ListAsync(ResourceNames.CollectionBookmark));
        Assert.Single(await store.ListAsync(ResourceNames.Bookmark));
    }

    [Fact]
    public async Task A_link_delete_with_only_the_composite_id_removes_the_link()
    {
        var store = await StoreAsync();
        await store.PullAsync(Page("""
            { "resource": "COLLECTION_BOOKMARK", "type": "CREATE", "timestamp": 2000,
              "data": { "collectionId": "remote-collection", "bookmarkId": "remote-bookmark" } }
            """));

        await store.PullAsync(Page("""
            { "resource": "COLLECTION_BOOKMARK", "resourceId": "remote-collection-remote-bookmark", "type": "DELETE", "timestamp": 3000 }
            """));

        Assert.Empty(await store.ListAsync(ResourceNames.CollectionBookmark));
    }

    [Theory]
    [InlineData("\"not-a-date\"")]
    [InlineData("{\"at\":1}")]
    [InlineData("[1]")]
    public async Task An_invalid_client_time_falls_back_to_the_servers_timestamp(string value)
    {
        var store = await StoreAsync();

        await store.PullAsync(Page($$"""
            { "resource": "COLLECTION", "resourceId": "remote-collection", "type": "CREATE", "timestamp": 1783000000000,
              "data": { "name": "Reading", "clientCreatedAt": {{value}} } }
            """));

        Assert.Equal("2026-07-02T13:46:40Z", (await store.GetAsync(ResourceNames.Collection, "remote-collection"))!.Data["clientCreatedAt"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_client_time_in_epoch_milliseconds_is_stored_as_iso()
    {
        var store = await StoreAsync();

        await store.PullAsync(Page("""
            { "resource": "NOTE", "resourceId": "remote-note", "type": "CREATE", "timestamp": 1000,
              "data": { "body": "a pulled note", "ranges": ["1:1-1:2"], "clientUpdatedAt": 1783000000345 } }
            """));

        Assert.Equal("2026-07-02T13:46:40.345Z", (await store.GetAsync(ResourceNames.Note, "remote-note"))!.Data["clientUpdatedAt"]!.GetValue<string>());
    }

    public async ValueTask DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }
}
