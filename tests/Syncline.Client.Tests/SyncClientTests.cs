using Syncline.Client.Tests.Support;

namespace Syncline.Client.Tests;

/// <summary>The SDK against the real server: offline writes, sync, convergence.</summary>
public sealed class SyncClientTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_write_offline_is_readable_at_once_and_pending()
    {
        await using var devices = new Devices(fixture.Server);
        var network = new NetworkSwitch { Online = false };
        var phone = await devices.OpenAsync("phone", network);

        var bookmark = await phone.Bookmarks.AddAyahAsync(2, 255, cancellationToken: Ct);

        var read = Assert.Single(await phone.Bookmarks.ListAsync(Ct));
        Assert.Equal(bookmark, read);
        Assert.Equal(SyncStatus.PendingCreate, read.Status);
        Assert.StartsWith("local_", read.Id, StringComparison.Ordinal);
        Assert.Equal(1, (await phone.GetStatusAsync(Ct)).PendingCount);
    }

    [Fact]
    public async Task Sync_while_offline_reports_offline_and_keeps_the_change_for_later()
    {
        await using var devices = new Devices(fixture.Server);
        var network = new NetworkSwitch { Online = false };
        var phone = await devices.OpenAsync("phone", network);
        await phone.Notes.AddAsync("Written on a plane", ["2:255-2:257"], cancellationToken: Ct);

        var offline = await phone.SyncAsync(Ct);
        network.Online = true;
        var online = await phone.SyncAsync(Ct);

        Assert.True(offline.Offline);
        Assert.Equal(1, offline.Pending);
        Assert.Equal(SyncState.Idle, phone.State);
        Assert.True(online.IsComplete);
        Assert.Equal(1, online.Pushed);
        var note = Assert.Single(await phone.Notes.ListAsync(Ct));
        Assert.Equal(SyncStatus.Synced, note.Status);
        Assert.Matches("^[0-9a-z]{24}$", note.Id);
    }

    [Fact]
    public async Task Two_devices_editing_offline_converge()
    {
        await using var devices = new Devices(fixture.Server);
        var phone = await devices.OpenAsync("phone");
        var tablet = await devices.OpenAsync("tablet");
        await phone.Bookmarks.AddAyahAsync(1, 1, cancellationToken: Ct);
        await phone.Collections.CreateAsync("Morning", cancellationToken: Ct);
        await tablet.Notes.AddAsync("Tablet's note on the Throne verse", ["2:255-2:255"], cancellationToken: Ct);
        await tablet.Bookmarks.AddAyahAsync(18, 10, cancellationToken: Ct);

        await phone.SyncAsync(Ct);
        await tablet.SyncAsync(Ct);
        await phone.SyncAsync(Ct);

        Assert.Equal(await SnapshotAsync(phone), await SnapshotAsync(tablet));
        Assert.Equal(2, (await phone.Bookmarks.ListAsync(Ct)).Count);
        Assert.Single(await tablet.Notes.ListAsync(Ct));
    }

    /// <summary>Everything a device holds, in a stable order, to compare devices.</summary>
    internal static async Task<string> SnapshotAsync(SyncClient client)
    {
        var bookmarks = (await client.Bookmarks.ListAsync(Ct)).OrderBy(b => b.Id).Select(b => b.ToString());
        var collections = (await client.Collections.ListAsync(Ct)).OrderBy(c => c.Id).Select(c => c.ToString());
        var links = (await client.CollectionBookmarks.ListAsync(null, Ct)).OrderBy(l => l.CollectionId).ThenBy(l => l.BookmarkId).Select(l => l.ToString());
        var notes = (await client.Notes.ListAsync(Ct)).OrderBy(n => n.Id).Select(n => $"{n.Id} {n.Body} {string.Join(',', n.Ranges)} {n.Status}");
        return string.Join('\n', bookmarks.Concat(collections).Concat(links).Concat(notes));
    }
}
