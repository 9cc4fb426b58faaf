using Syncline.Client;
using Syncline.Server.Tests.Support;

namespace Syncline.Simulation.Tests.PropertyBased;

/// <summary>
/// What <see cref="LocalDevice"/> assumes of the SDK, checked on the real one: a bookmark deleted and then
/// added again at the same place, offline, is a new bookmark (a queued CREATE after the DELETE), not the
/// deleted one handed back.
/// </summary>
public sealed class BookmarkReAddTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_bookmark_deleted_then_added_again_offline_is_there_after_the_sync()
    {
        await using var server = await SyncServer.StartAsync(new Dictionary<string, string?> { ["Syncline:Store"] = "Sqlite" }, cancellationToken: Ct);
        var userId = $"user-{Guid.NewGuid():N}";
        var directory = Path.Combine(Path.GetTempPath(), "syncline-simulation-tests", Guid.NewGuid().ToString("N"));
        var network = new SwitchableNetwork();
        await using var phone = await SyncClient.OpenAsync(
            new SyncClientOptions
            {
                ServerUrl = server.BaseAddress,
                DatabasePath = Path.Combine(directory, "phone.db"),
                TokenProvider = _ => ValueTask.FromResult(server.Token(userId)),
                HttpClient = new HttpClient(network),
            },
            cancellationToken: Ct);
        await phone.Bookmarks.AddAyahAsync(2, 255, cancellationToken: Ct);
        await phone.SyncAsync(Ct);

        network.Online = false;
        await phone.Bookmarks.DeleteAsync(Assert.Single(await phone.Bookmarks.ListAsync(Ct)).Id, Ct);
        var added = await phone.Bookmarks.AddAyahAsync(2, 255, cancellationToken: Ct);
        var listedOffline = await phone.Bookmarks.ListAsync(Ct);
        network.Online = true;
        await phone.SyncAsync(Ct);

        Assert.Equal(SyncStatus.PendingCreate, added.Status);
        Assert.Equal([(2, (int?)255)], listedOffline.Select(b => (b.Key, b.VerseNumber)));
        Assert.Equal([(2, (int?)255)], (await phone.Bookmarks.ListAsync(Ct)).Select(b => (b.Key, b.VerseNumber)));
    }
}
