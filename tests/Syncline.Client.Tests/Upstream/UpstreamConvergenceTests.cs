using Syncline.Client.Tests.Support;
using Syncline.Testing.Upstream;

namespace Syncline.Client.Tests.Upstream;

/// <summary>Two devices of one user converge through the upstream-shaped server, under either first-sync rule.</summary>
public sealed class UpstreamConvergenceTests(UpstreamServerFixture fixture) : IClassFixture<UpstreamServerFixture>
{
    private UpstreamServer Server => fixture.Server;

    [Theory]
    [InlineData(FirstSync.DefaultCollection)]
    [InlineData(FirstSync.MinusOne)]
    public async Task What_one_device_creates_reaches_the_other(FirstSync rule)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var devices = new UpstreamDevices(Server, rule);
        var phone = await devices.OpenAsync("phone");
        var tablet = await devices.OpenAsync("tablet");
        await phone.Bookmarks.AddAyahAsync(2, 255, cancellationToken: ct);
        await phone.Bookmarks.AddAsync(BookmarkType.Juz, 30, cancellationToken: ct);
        await phone.Collections.CreateAsync("Duas", cancellationToken: ct);
        await phone.Notes.AddAsync("a note from the phone", ["2:255-2:256"], cancellationToken: ct);

        var pushed = await phone.SyncAsync(ct);
        var pulled = await tablet.SyncAsync(ct);

        Assert.True(pushed.IsComplete, pushed.ToString());
        Assert.True(pulled.IsComplete, pulled.ToString());
        Assert.Equal(
            Places(await phone.Bookmarks.ListAsync(ct)),
            Places(await tablet.Bookmarks.ListAsync(ct)));
        Assert.Contains(await tablet.Collections.ListAsync(ct), c => c.Name == "Duas" && c.Status == SyncStatus.Synced);
        Assert.Equal("a note from the phone", Assert.Single(await tablet.Notes.ListAsync(ct)).Body);
    }

    [Theory]
    [InlineData(FirstSync.DefaultCollection)]
    [InlineData(FirstSync.MinusOne)]
    public async Task Edits_and_deletes_from_both_devices_converge_without_duplicates(FirstSync rule)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var devices = new UpstreamDevices(Server, rule);
        var phone = await devices.OpenAsync("phone");
        var tablet = await devices.OpenAsync("tablet");
        await phone.Bookmarks.AddAyahAsync(1, 1, cancellationToken: ct);
        await phone.Collections.CreateAsync("To read", cancellationToken: ct);
        await phone.Notes.AddAsync("first words of a note", ["1:1-1:7"], cancellationToken: ct);
        await phone.SyncAsync(ct);
        await tablet.SyncAsync(ct);
        var onTablet = (Bookmarks: await tablet.Bookmarks.ListAsync(ct), Notes: await tablet.Notes.ListAsync(ct), Collections: await tablet.Collections.ListAsync(ct));

        // Each device changes something, both offline from each other.
        await tablet.Notes.EditAsync(Assert.Single(onTablet.Notes).Id, "edited on the tablet", cancellationToken: ct);
        await tablet.Bookmarks.DeleteAsync(Assert.Single(onTablet.Bookmarks).Id, ct);
        await phone.Collections.RenameAsync((await phone.Collections.ListAsync(ct)).Single(c => c.Name == "To read").Id, "Read later", ct);
        await phone.Notes.AddAsync("a second note, from the phone", ["112:1-112:4"], cancellationToken: ct);
        var tabletSync = await tablet.SyncAsync(ct);
        var phoneSync = await phone.SyncAsync(ct);
        var tabletAgain = await tablet.SyncAsync(ct);

        Assert.All([tabletSync, phoneSync, tabletAgain], r => Assert.True(r.IsComplete, r.ToString()));
        foreach (var device in new[] { phone, tablet })
        {
            Assert.Empty(await device.Bookmarks.ListAsync(ct));
            Assert.Equal(["a second note, from the phone", "edited on the tablet"], (await device.Notes.ListAsync(ct)).Select(n => n.Body).Order());
            Assert.Contains(await device.Collections.ListAsync(ct), c => c.Name == "Read later");
            Assert.DoesNotContain(await device.Collections.ListAsync(ct), c => c.Name == "To read");
        }

        Assert.Equal((0, 1, 1, 1), (
            Server.CountBookmarks(devices.UserId, "ayah", 1, 1),
            Server.CountNotes(devices.UserId, "edited on the tablet"),
            Server.CountNotes(devices.UserId, "a second note, from the phone"),
            Server.CountCollections(devices.UserId, "Read later")));
    }

    private static List<(BookmarkType, int, int?)> Places(IReadOnlyList<Bookmark> bookmarks) =>
        [.. bookmarks.Select(b => (b.Type, b.Key, b.VerseNumber)).Order()];
}
