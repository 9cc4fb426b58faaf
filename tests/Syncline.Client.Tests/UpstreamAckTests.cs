using System.Text.Json.Nodes;
using Syncline.Client.Store;
using Syncline.Client.Sync;
using Syncline.Client.Tests.Support;
using Syncline.Protocol;

namespace Syncline.Client.Tests;

/// <summary>
/// Links go to the upstream service by ayah place and come back acknowledged in its shapes
/// (UPSTREAM.md 1.2, 1.5): the ack is checked against the request before anything is reconciled.
/// </summary>
public sealed class UpstreamAckTests : IAsyncDisposable
{
    private const string Collection = "collection-a";
    private const string Bookmark = "bookmark-a";
    private const string Link = "collection-a-bookmark-a";
    private DeviceStore? _store;

    /// <summary>A device that holds the server's collection and ayah bookmark (2:255) and has put the bookmark in the collection.</summary>
    private async Task<DeviceStore> LinkedAsync()
    {
        _store = await DeviceStore.OpenAsync();
        await _store.PullAsync("""
            { "success": true, "data": { "lastMutationAt": 1000, "mutations": [
              { "resource": "COLLECTION", "resourceId": "collection-a", "type": "CREATE", "timestamp": 900, "data": { "name": "Reading" } },
              { "resource": "BOOKMARK", "resourceId": "bookmark-a", "type": "CREATE", "timestamp": 1000,
                "data": { "type": "ayah", "key": 2, "verseNumber": 255, "mushaf": 1 } } ] } }
            """);
        await _store.WriteAsync(tx => tx.CreateAsync(ResourceNames.CollectionBookmark, Link, new JsonObject { ["collectionId"] = Collection, ["bookmarkId"] = Bookmark }, TestContext.Current.CancellationToken));
        return _store;
    }

    private static string Acked(string ack) => $$"""{ "success": true, "data": { "lastMutationAt": 1234, "mutations": [ {{ack}} ] } }""";

    [Fact]
    public async Task Upstream_link_create_is_sent_by_ayah_place_without_bookmarkId()
    {
        var store = await LinkedAsync();

        var item = Assert.Single(DeviceStore.Sent((await store.PlanAsync(ServerProfile.Upstream))!))!.AsObject();

        Assert.Null(item["resourceId"]);
        var data = item["data"]!.AsObject();
        data.Remove("clientCreatedAt");
        data.Remove("clientUpdatedAt");
        Assert.Equal("""{"collectionId":"collection-a","type":"ayah","key":2,"verseNumber":255,"mushaf":1}""", data.ToJsonString());
    }

    [Fact]
    public async Task Upstream_link_create_whose_bookmark_left_the_device_fails_alone_instead_of_sending_its_id()
    {
        var store = await LinkedAsync();
        var ct = TestContext.Current.CancellationToken;
        await store.Database.WriteAsync(async (c, t) => { await c.RemoveAsync(ResourceNames.Bookmark, Bookmark, t); return true; }, ct);

        var (batch, failed) = await store.Database.WriteAsync((c, t) => PushPlanner.NextAsync(c, 100, 1_783_000_000_000, true, LinkEncoding.For(ServerProfile.Upstream), t), ct);

        Assert.Null(batch);
        Assert.Equal(1, failed);
        var entry = Assert.Single(await store.Database.WriteAsync((c, t) => c.FailedAsync(t), ct));
        Assert.Equal((ResourceNames.CollectionBookmark, PushPlanner.UnsendableLink), (entry.Resource, entry.Reason));
    }

    [Fact]
    public async Task Upstream_link_create_carries_iso_client_times()
    {
        var store = await LinkedAsync();

        var data = Assert.Single(DeviceStore.Sent((await store.PlanAsync(ServerProfile.Upstream))!))!["data"]!;

        Assert.Equal(("2026-07-02T13:46:40Z", "2026-07-02T13:46:40Z"), (data["clientCreatedAt"]!.GetValue<string>(), data["clientUpdatedAt"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Syncline_link_create_still_names_the_bookmark_by_id()
    {
        var store = await LinkedAsync();

        var data = Assert.Single(DeviceStore.Sent((await store.PlanAsync(ServerProfile.Syncline))!))!["data"]!;

        Assert.Equal((Bookmark, null), (data["bookmarkId"]!.GetValue<string>(), data["key"]));
    }

    [Fact]
    public async Task Upstream_link_delete_is_sent_by_composite_id_with_the_two_ids_only()
    {
        var store = await LinkedAsync();
        var create = (await store.PlanAsync(ServerProfile.Upstream))!;
        await store.ReconcileAsync(create, DeviceStore.Ack(Acked("""{ "type": "CREATE", "resource": "COLLECTION_BOOKMARK", "resourceId": null, "timestamp": 1234 }""")));
        var link = (await store.GetAsync(ResourceNames.CollectionBookmark, Link))!;
        await store.WriteAsync(async tx =>
        {
            await tx.DeleteAsync(link, TestContext.Current.CancellationToken);
            return true;
        });

        var item = Assert.Single(DeviceStore.Sent((await store.PlanAsync(ServerProfile.Upstream))!))!;

        Assert.Equal(
            """{"type":"DELETE","resource":"COLLECTION_BOOKMARK","resourceId":"collection-a-bookmark-a","data":{"collectionId":"collection-a","bookmarkId":"bookmark-a"}}""",
            item.ToJsonString());
    }

    [Fact]
    public async Task A_link_create_ack_with_the_ids_only_in_data_and_unknown_fields_settles_the_link()
    {
        var store = await LinkedAsync();
        var batch = (await store.PlanAsync(ServerProfile.Upstream))!;
        // UPSTREAM.md 1.2, "postMutations ignores unknown response fields".
        var result = DeviceStore.Ack("""
            { "success": true, "requestId": "request-a",
              "data": { "lastMutationAt": 1234, "serverVersion": 2,
                        "mutations": [ { "type": "CREATE", "resource": "COLLECTION_BOOKMARK", "traceId": "trace-a",
                                         "data": { "collectionId": "collection-a", "bookmarkId": "bookmark-a",
                                                   "type": "ayah", "key": 2, "verseNumber": 255 },
                                         "timestamp": 1234 } ] } }
            """);

        Assert.Null(AckCheck.Mismatch(batch, result));
        await store.ReconcileAsync(batch, result);

        var link = (await store.GetAsync(ResourceNames.CollectionBookmark, Link))!;
        Assert.Equal((SyncStatus.Synced, 1234L, 0L), (link.Status, link.ServerTimestamp, await store.QueuedAsync()));
    }

    [Fact]
    public async Task A_link_create_ack_with_a_null_resourceId_settles_the_link()
    {
        var store = await LinkedAsync();
        var batch = (await store.PlanAsync(ServerProfile.Upstream))!;
        var result = DeviceStore.Ack(Acked("""
            { "type": "CREATE", "resource": "COLLECTION_BOOKMARK", "resourceId": null,
              "data": { "collectionId": "collection-a", "bookmarkId": "bookmark-a" }, "timestamp": 1234 }
            """));

        Assert.Null(AckCheck.Mismatch(batch, result));
        await store.ReconcileAsync(batch, result);

        Assert.Equal(SyncStatus.Synced, (await store.GetAsync(ResourceNames.CollectionBookmark, Link))!.Status);
    }

    [Fact]
    public async Task A_link_create_ack_with_an_empty_resourceId_and_no_data_settles_the_link_the_request_named_by_place()
    {
        var store = await LinkedAsync();
        var batch = (await store.PlanAsync(ServerProfile.Upstream))!;
        var result = DeviceStore.Ack(Acked("""{ "type": "CREATE", "resource": "COLLECTION_BOOKMARK", "resourceId": "", "timestamp": 1234 }"""));

        Assert.Null(AckCheck.Mismatch(batch, result));
        await store.ReconcileAsync(batch, result);

        var link = Assert.Single(await store.ListAsync(ResourceNames.CollectionBookmark));
        Assert.Equal((Link, SyncStatus.Synced, Bookmark), (link.Id, link.Status, link.BookmarkId));
    }

    [Fact]
    public async Task A_link_create_ack_with_only_the_composite_id_settles_the_link()
    {
        var store = await LinkedAsync();
        var batch = (await store.PlanAsync(ServerProfile.Upstream))!;
        // UPSTREAM.md 1.2, "complete accepts create ACK with only matching composite resource id".
        var result = DeviceStore.Ack(Acked("""{ "type": "CREATE", "resource": "COLLECTION_BOOKMARK", "resourceId": "collection-a-bookmark-a", "timestamp": 1234 }"""));

        Assert.Null(AckCheck.Mismatch(batch, result));
        await store.ReconcileAsync(batch, result);

        Assert.Equal(SyncStatus.Synced, Assert.Single(await store.ListAsync(ResourceNames.CollectionBookmark)).Status);
    }

    [Fact]
    public async Task An_ack_list_of_another_length_is_a_mismatch()
    {
        var store = await LinkedAsync();
        var batch = (await store.PlanAsync(ServerProfile.Upstream))!;

        var reason = AckCheck.Mismatch(batch, DeviceStore.Ack("""{ "success": true, "data": { "lastMutationAt": 1234, "mutations": [] } }"""));

        Assert.Equal("0 acknowledgements for 1 mutations", reason);
    }

    [Fact]
    public async Task An_ack_of_another_resource_at_a_position_is_a_mismatch()
    {
        var store = await LinkedAsync();
        var batch = (await store.PlanAsync(ServerProfile.Upstream))!;

        var reason = AckCheck.Mismatch(batch, DeviceStore.Ack(Acked("""{ "type": "CREATE", "resource": "BOOKMARK", "resourceId": "bookmark-b", "timestamp": 1234 }""")));

        Assert.Equal("acknowledgement 0: CREATE of BOOKMARK for a CREATE of COLLECTION_BOOKMARK", reason);
    }

    [Fact]
    public async Task A_link_ack_naming_another_bookmark_is_a_mismatch()
    {
        var store = await LinkedAsync();
        var batch = (await store.PlanAsync(ServerProfile.Upstream))!;

        var reason = AckCheck.Mismatch(batch, DeviceStore.Ack(Acked("""
            { "type": "CREATE", "resource": "COLLECTION_BOOKMARK", "data": { "collectionId": "collection-a", "bookmarkId": "bookmark-a", "bookmark_id": "bookmark-b" }, "timestamp": 1234 }
            """)));

        Assert.Equal("acknowledgement 0: bookmark_id \"bookmark-b\" for bookmark-a", reason);
    }

    [Fact]
    public async Task A_link_ack_with_another_verse_than_the_one_sent_is_a_mismatch()
    {
        var store = await LinkedAsync();
        var batch = (await store.PlanAsync(ServerProfile.Upstream))!;

        var reason = AckCheck.Mismatch(batch, DeviceStore.Ack(Acked("""
            { "type": "CREATE", "resource": "COLLECTION_BOOKMARK", "data": { "collectionId": "collection-a", "key": 2, "verseNumber": 256 }, "timestamp": 1234 }
            """)));

        Assert.Equal("acknowledgement 0: verseNumber 256 for 255", reason);
    }

    [Fact]
    public async Task A_link_delete_ack_without_the_composite_id_is_a_mismatch()
    {
        var store = await LinkedAsync();
        var create = (await store.PlanAsync(ServerProfile.Upstream))!;
        await store.ReconcileAsync(create, DeviceStore.Ack(Acked("""{ "type": "CREATE", "resource": "COLLECTION_BOOKMARK", "timestamp": 1234 }""")));
        var link = (await store.GetAsync(ResourceNames.CollectionBookmark, Link))!;
        await store.WriteAsync(async tx =>
        {
            await tx.DeleteAsync(link, TestContext.Current.CancellationToken);
            return true;
        });
        var delete = (await store.PlanAsync(ServerProfile.Upstream))!;

        var reason = AckCheck.Mismatch(delete, DeviceStore.Ack(Acked("""
            { "type": "DELETE", "resource": "COLLECTION_BOOKMARK", "resourceId": null, "data": { "collectionId": "collection-a" }, "timestamp": 1300 }
            """)));

        Assert.Equal("acknowledgement 0: resourceId missing for collection-a-bookmark-a", reason);
    }

    [Fact]
    public async Task An_update_ack_naming_another_id_is_a_mismatch()
    {
        var store = await LinkedAsync();
        var row = (await store.GetAsync(ResourceNames.Collection, Collection))!;
        await store.WriteAsync(tx => tx.UpdateAsync(row, new JsonObject { ["name"] = "Renamed" }, TestContext.Current.CancellationToken));
        var batch = (await store.PlanAsync(ServerProfile.Upstream))!;

        var reason = AckCheck.Mismatch(batch, DeviceStore.Ack("""
            { "success": true, "data": { "lastMutationAt": 1300, "mutations": [
              { "type": "UPDATE", "resource": "COLLECTION", "resourceId": "collection-b", "data": { "name": "Renamed" }, "timestamp": 1299 },
              { "type": "CREATE", "resource": "COLLECTION_BOOKMARK", "timestamp": 1300 } ] } }
            """));

        Assert.Equal("acknowledgement 0: resourceId collection-b for collection-a", reason);
    }

    [Fact]
    public async Task A_bookmark_ack_with_bookmarkType_and_no_mushaf_leaves_the_local_bookmark_what_it_is()
    {
        _store = await DeviceStore.OpenAsync();
        await _store.WriteAsync(tx => tx.CreateAsync(
            ResourceNames.Bookmark, "local_juz", new JsonObject { ["type"] = "juz", ["key"] = 30, ["mushaf"] = 4 }, TestContext.Current.CancellationToken));
        var batch = (await _store.PlanAsync(ServerProfile.Upstream))!;
        var result = DeviceStore.Ack(Acked("""
            { "type": "CREATE", "resource": "BOOKMARK", "resourceId": "remote-juz", "data": { "bookmarkType": "juz", "bookmarkGroup": "juz_30", "key": 30 }, "timestamp": 1234 }
            """));

        await _store.ReconcileAsync(batch, result);

        var bookmark = Bookmarks.ToBookmark((await _store.GetAsync(ResourceNames.Bookmark, "remote-juz"))!);
        Assert.Equal((BookmarkType.Juz, 30, (int?)null, 4, SyncStatus.Synced), (bookmark.Type, bookmark.Key, bookmark.VerseNumber, bookmark.Mushaf, bookmark.Status));
    }

    public async ValueTask DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }
}
