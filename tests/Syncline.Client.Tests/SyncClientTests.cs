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

    [Fact]
    public async Task Three_devices_writing_offline_converge_after_each_syncs_twice()
    {
        await using var devices = new Devices(fixture.Server);
        var names = new[] { "phone", "tablet", "laptop" };
        var clients = new List<SyncClient>();
        foreach (var name in names)
        {
            clients.Add(await devices.OpenAsync(name, new NetworkSwitch { Online = false }));
        }

        for (var i = 0; i < clients.Count; i++)
        {
            var collection = await clients[i].Collections.CreateAsync($"{names[i]}'s list", cancellationToken: Ct);
            var bookmark = await clients[i].Bookmarks.AddAyahAsync(10 + i, 1, cancellationToken: Ct);
            await clients[i].CollectionBookmarks.AddAsync(collection.Id, bookmark.Id, Ct);
            await clients[i].Notes.AddAsync($"{names[i]} wrote this offline", ["10:1-10:3"], cancellationToken: Ct);
        }

        await devices.CloseAllAsync();
        await using var online = new Devices(fixture.Server, devices.UserId, devices);
        var reopened = new List<SyncClient>();
        foreach (var name in names)
        {
            reopened.Add(await online.OpenAsync(name));
        }

        foreach (var round in Enumerable.Range(0, 2))
        {
            foreach (var client in reopened)
            {
                Assert.True((await client.SyncAsync(Ct)).IsComplete);
            }
        }

        var snapshots = await Task.WhenAll(reopened.Select(SnapshotAsync));
        Assert.All(snapshots, s => Assert.Equal(snapshots[0], s));
        Assert.Equal(4, (await reopened[0].Collections.ListAsync(Ct)).Count);
        Assert.Equal(3, (await reopened[0].CollectionBookmarks.ListAsync(null, Ct)).Count(l => l.CollectionId != "__default__"));
        Assert.DoesNotContain("local_", snapshots[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Synced_devices_list_records_in_the_same_order_of_creation()
    {
        await using var devices = new Devices(fixture.Server);
        var phone = await devices.OpenAsync("phone");
        var tablet = await devices.OpenAsync("tablet");
        for (var i = 0; i < 4; i++)
        {
            await phone.Notes.AddAsync($"phone's note {i}", ["1:1-1:2"], cancellationToken: Ct);
            await tablet.Notes.AddAsync($"tablet's note {i}", ["1:1-1:2"], cancellationToken: Ct);
        }

        await phone.SyncAsync(Ct);
        await tablet.SyncAsync(Ct);
        await phone.SyncAsync(Ct);
        var first = (await phone.Notes.ListAsync(Ct))[0];
        await phone.Notes.EditAsync(first.Id, "edited, but still the first", cancellationToken: Ct);
        await phone.SyncAsync(Ct);
        await tablet.SyncAsync(Ct);

        var onPhone = (await phone.Notes.ListAsync(Ct)).Select(n => n.Id).ToList();
        Assert.Equal(onPhone, (await tablet.Notes.ListAsync(Ct)).Select(n => n.Id));
        Assert.Equal(first.Id, onPhone[0]);
        Assert.Equal(8, onPhone.Count);
    }

    [Fact]
    public async Task Changes_and_progress_are_reported_as_they_happen()
    {
        await using var devices = new Devices(fixture.Server);
        var tablet = await devices.OpenAsync("tablet");
        for (var i = 0; i < 5; i++)
        {
            await tablet.Notes.AddAsync($"note number {i} from the tablet", ["1:1-1:2"], cancellationToken: Ct);
        }

        await tablet.SyncAsync(Ct);
        var phone = await devices.OpenAsync("phone", configure: o => o.PullPageSize = 2);
        var changes = new List<ResourceChange>();
        var progress = new List<SyncProgress>();
        var states = new List<SyncState>();
        phone.ResourcesChanged += (_, e) => changes.AddRange(e.Changes);
        phone.Progress += (_, p) => progress.Add(p);
        phone.StateChanged += (_, s) => states.Add(s);

        await phone.SyncAsync(Ct);
        var local = await phone.Bookmarks.AddAyahAsync(1, 2, cancellationToken: Ct);

        Assert.Equal(5, changes.Count(c => c.Resource == "NOTE" && c.Kind == ChangeKind.Created && c.Origin == ChangeOrigin.Remote));
        Assert.Contains(new ResourceChange("BOOKMARK", local.Id, ChangeKind.Created, ChangeOrigin.Local), changes);
        // 5 notes and Favorites, two a page.
        Assert.Equal([new(2, 6), new(4, 6), new(6, 6)], progress);
        Assert.Equal([SyncState.Pulling, SyncState.Pushing, SyncState.Idle], states);
    }

    [Fact]
    public async Task A_push_reports_progress_as_each_batch_is_acknowledged()
    {
        await using var devices = new Devices(fixture.Server);
        var phone = await devices.OpenAsync("phone", configure: o => o.PushBatchSize = 2);
        await phone.SyncAsync(Ct);
        for (var i = 0; i < 5; i++)
        {
            await phone.Notes.AddAsync($"note {i} to push", ["1:1-1:2"], cancellationToken: Ct);
        }

        var progress = new List<SyncProgress>();
        phone.Progress += (_, p) => progress.Add(p);
        await phone.SyncAsync(Ct);

        Assert.Equal([new(2, 5, SyncPhase.Push), new(4, 5, SyncPhase.Push), new(5, 5, SyncPhase.Push)], progress.Where(p => p.Phase == SyncPhase.Push));
    }

    /// <summary>Everything a device holds, in a stable order, to compare devices.</summary>
    internal static async Task<string> SnapshotAsync(SyncClient client)
    {
        var bookmarks = (await client.Bookmarks.ListAsync(Ct)).OrderBy(b => b.Id).Select(b => b.ToString());
        var collections = (await client.Collections.ListAsync(Ct)).OrderBy(c => c.Id).Select(c => c.ToString());
        var links = (await client.CollectionBookmarks.ListAsync(null, Ct)).OrderBy(l => l.CollectionId).ThenBy(l => l.BookmarkId).Select(l => l.ToString());
        var notes = (await client.Notes.ListAsync(Ct)).OrderBy(n => n.Id).Select(n => $"{n.Id} {n.Body} {string.Join(',', n.Ranges)} {n.Status}");
        var sessions = (await client.ReadingSessions.ListAsync(Ct)).OrderBy(r => r.Id).Select(r => r.ToString());
        return string.Join('\n', bookmarks.Concat(collections).Concat(links).Concat(notes).Concat(sessions));
    }
}
