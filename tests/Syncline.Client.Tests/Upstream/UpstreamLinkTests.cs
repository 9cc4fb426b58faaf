using Syncline.Client.Tests.Support;
using Syncline.Testing.Upstream;

namespace Syncline.Client.Tests.Upstream;

/// <summary>
/// Against the upstream-shaped server: links are created by the bookmark's place and deleted by
/// composite id, every link CREATE ack form settles the link, and bookmarks pulled in the upstream
/// GET model stay the bookmarks they are.
/// </summary>
public sealed class UpstreamLinkTests(UpstreamServerFixture fixture) : IClassFixture<UpstreamServerFixture>
{
    private UpstreamServer Server => fixture.Server;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A synced collection and bookmark, linked on the device (the link not yet pushed).</summary>
    private static async Task<(string CollectionId, string BookmarkId)> LinkedAsync(SyncClient phone, BookmarkType type, int key, int? verse)
    {
        await phone.Collections.CreateAsync("Reading", cancellationToken: Ct);
        await phone.Bookmarks.AddAsync(type, key, verse, cancellationToken: Ct);
        var synced = await phone.SyncAsync(Ct);
        Assert.True(synced.IsComplete, synced.ToString());
        var collectionId = (await phone.Collections.ListAsync(Ct)).Single(c => c.Name == "Reading").Id;
        var bookmarkId = (await phone.Bookmarks.ListAsync(Ct)).Single().Id;
        await phone.CollectionBookmarks.AddAsync(collectionId, bookmarkId, Ct);
        return (collectionId, bookmarkId);
    }

    [Theory]
    [InlineData(LinkCreateAck.Omitted)]
    [InlineData(LinkCreateAck.Null)]
    [InlineData(LinkCreateAck.Empty)]
    [InlineData(LinkCreateAck.CompositeOnly)]
    public async Task A_link_is_created_by_the_bookmarks_place_and_settles_with_each_ack_form(LinkCreateAck ack)
    {
        Server.LinkCreateAck = ack;
        await using var devices = new UpstreamDevices(Server);
        var phone = await devices.OpenAsync("phone");
        var (collectionId, bookmarkId) = await LinkedAsync(phone, BookmarkType.Ayah, 2, 255);

        var result = await phone.SyncAsync(Ct);

        Assert.True(result.IsComplete && result.Pending == 0 && result.Failed == 0, result.ToString());
        Assert.Equal(SyncStatus.Synced, Assert.Single(await phone.CollectionBookmarks.ListAsync(collectionId, Ct)).Status);
        Assert.Equal(1, Server.CountLinks(devices.UserId, collectionId, bookmarkId));
    }

    [Fact]
    public async Task A_removed_link_is_deleted_upstream_by_its_composite_id()
    {
        Server.LinkCreateAck = LinkCreateAck.Omitted;
        await using var devices = new UpstreamDevices(Server);
        var phone = await devices.OpenAsync("phone");
        var (collectionId, bookmarkId) = await LinkedAsync(phone, BookmarkType.Ayah, 2, 255);
        await phone.SyncAsync(Ct);
        await phone.CollectionBookmarks.RemoveAsync(collectionId, bookmarkId, Ct);

        var result = await phone.SyncAsync(Ct);

        Assert.True(result.IsComplete && result.Pending == 0 && result.Failed == 0, result.ToString());
        Assert.Equal(0, Server.CountLinks(devices.UserId, collectionId, bookmarkId));
        Assert.Empty(await phone.CollectionBookmarks.ListAsync(collectionId, Ct));
    }

    [Fact]
    public async Task A_page_bookmark_is_linked_by_its_place_too()
    {
        Server.LinkCreateAck = LinkCreateAck.Omitted;
        await using var devices = new UpstreamDevices(Server);
        var phone = await devices.OpenAsync("phone");
        var (collectionId, bookmarkId) = await LinkedAsync(phone, BookmarkType.Page, 604, null);

        var result = await phone.SyncAsync(Ct);

        Assert.True(result.IsComplete && result.Pending == 0 && result.Failed == 0, result.ToString());
        Assert.Equal(1, Server.CountLinks(devices.UserId, collectionId, bookmarkId));
    }

    [Fact]
    public async Task A_link_made_on_one_device_reaches_another_through_its_echo()
    {
        Server.LinkCreateAck = LinkCreateAck.Omitted;
        await using var devices = new UpstreamDevices(Server);
        var phone = await devices.OpenAsync("phone");
        var (collectionId, bookmarkId) = await LinkedAsync(phone, BookmarkType.Ayah, 2, 255);
        await phone.SyncAsync(Ct);
        var tablet = await devices.OpenAsync("tablet");

        var result = await tablet.SyncAsync(Ct);

        Assert.True(result.IsComplete, result.ToString());
        var link = Assert.Single(await tablet.CollectionBookmarks.ListAsync(collectionId, Ct));
        Assert.Equal(bookmarkId, link.BookmarkId);
    }

    [Fact]
    public async Task A_juz_bookmark_echoed_with_bookmarkType_only_stays_a_juz_bookmark_with_its_mushaf()
    {
        Server.BookmarkEcho = BookmarkEcho.BookmarkTypeOnly;
        try
        {
            await using var devices = new UpstreamDevices(Server);
            var phone = await devices.OpenAsync("phone");
            await phone.Bookmarks.AddAsync(BookmarkType.Juz, 30, mushaf: 4, cancellationToken: Ct);
            await phone.SyncAsync(Ct);
            var tablet = await devices.OpenAsync("tablet");

            await tablet.SyncAsync(Ct);
            await phone.SyncAsync(Ct);

            var onPhone = Assert.Single(await phone.Bookmarks.ListAsync(Ct));
            var onTablet = Assert.Single(await tablet.Bookmarks.ListAsync(Ct));
            Assert.Equal((BookmarkType.Juz, 30, (int?)null, 4), (onPhone.Type, onPhone.Key, onPhone.VerseNumber, onPhone.Mushaf));
            Assert.Equal((BookmarkType.Juz, 30, (int?)null), (onTablet.Type, onTablet.Key, onTablet.VerseNumber));
        }
        finally
        {
            Server.BookmarkEcho = BookmarkEcho.BothNames;
        }
    }
}
