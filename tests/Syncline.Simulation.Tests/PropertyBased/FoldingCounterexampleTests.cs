using Syncline.Client;
using Syncline.Server.Tests.Support;

namespace Syncline.Simulation.Tests.PropertyBased;

/// <summary>
/// The counterexamples <see cref="QueueCoalescingProperties"/> found, end to end on the real client and
/// server: after the sync, the device and the server must both hold what the app's writes made.
/// </summary>
public sealed class FoldingCounterexampleTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Setting the reading bookmark clears the previous one (on the device at once, on the server as a
    // side effect of the push): folding away the change that set it must not fold away that clearing.
    [Fact]
    public async Task A_bookmark_made_the_reading_one_then_deleted_offline_leaves_the_previous_one_cleared_on_the_server()
    {
        await using var server = await SyncServer.StartAsync(new Dictionary<string, string?> { ["Syncline:Store"] = "Sqlite" }, cancellationToken: Ct);
        await using var phone = await PhoneAsync(server);
        await phone.Client.Bookmarks.SetReadingAsync((await phone.Client.Bookmarks.AddAyahAsync(2, 255, cancellationToken: Ct)).Id, Ct);
        await phone.Client.Bookmarks.AddAsync(BookmarkType.Surah, 18, cancellationToken: Ct);
        await phone.Client.SyncAsync(Ct);
        var previous = await phone.Client.Bookmarks.AddAyahAsync(2, 255, cancellationToken: Ct);
        var other = await phone.Client.Bookmarks.AddAsync(BookmarkType.Surah, 18, cancellationToken: Ct);

        phone.Network.Online = false;
        await phone.Client.Bookmarks.SetReadingAsync(other.Id, Ct);
        await phone.Client.Bookmarks.DeleteAsync(other.Id, Ct);
        var readingOffline = (await phone.Client.Bookmarks.GetAsync(previous.Id, Ct))!.IsReading;
        phone.Network.Online = true;
        Assert.True((await phone.Client.SyncAsync(Ct)).IsComplete);

        Assert.False(readingOffline);
        Assert.Equal((false, 0), ((await phone.Client.Bookmarks.GetAsync(previous.Id, Ct))!.IsReading, (await ReadingOnServerAsync(server, phone.UserId)).Count));
    }

    [Fact]
    public async Task A_new_bookmark_made_the_reading_one_then_deleted_offline_leaves_the_previous_one_cleared_on_the_server()
    {
        await using var server = await SyncServer.StartAsync(new Dictionary<string, string?> { ["Syncline:Store"] = "Sqlite" }, cancellationToken: Ct);
        await using var phone = await PhoneAsync(server);
        await phone.Client.Bookmarks.SetReadingAsync((await phone.Client.Bookmarks.AddAyahAsync(2, 255, cancellationToken: Ct)).Id, Ct);
        await phone.Client.SyncAsync(Ct);
        var previous = await phone.Client.Bookmarks.AddAyahAsync(2, 255, cancellationToken: Ct);

        phone.Network.Online = false;
        var added = await phone.Client.Bookmarks.AddAsync(BookmarkType.Juz, 30, cancellationToken: Ct);
        await phone.Client.Bookmarks.SetReadingAsync(added.Id, Ct);
        await phone.Client.Bookmarks.DeleteAsync(added.Id, Ct);
        var readingOffline = (await phone.Client.Bookmarks.GetAsync(previous.Id, Ct))!.IsReading;
        phone.Network.Online = true;
        Assert.True((await phone.Client.SyncAsync(Ct)).IsComplete);

        Assert.False(readingOffline);
        Assert.Equal((false, 0), ((await phone.Client.Bookmarks.GetAsync(previous.Id, Ct))!.IsReading, (await ReadingOnServerAsync(server, phone.UserId)).Count));
    }

    // A synced link removed and added back folds into a CREATE. When the sync ends before that CREATE is
    // sent (here: the pull the push's side effect asks for finds the network gone), and the link is then
    // removed again, the next fold reads CREATE+DELETE as a link the server never had and drops both.
    [Fact]
    public async Task A_synced_link_removed_added_back_and_removed_again_around_an_interrupted_sync_is_removed_on_the_server()
    {
        await using var server = await SyncServer.StartAsync(new Dictionary<string, string?> { ["Syncline:Store"] = "Sqlite" }, cancellationToken: Ct);
        await using var phone = await PhoneAsync(server);
        await phone.Client.Collections.CreateAsync("Reading list", cancellationToken: Ct);
        await phone.Client.Bookmarks.SetReadingAsync((await phone.Client.Bookmarks.AddAyahAsync(2, 255, cancellationToken: Ct)).Id, Ct);
        await phone.Client.Bookmarks.AddAyahAsync(36, 1, cancellationToken: Ct);
        await phone.Client.SyncAsync(Ct);
        var collectionId = Assert.Single(await phone.Client.Collections.ListAsync(Ct), c => !c.IsDefault).Id;
        var reading = await phone.Client.Bookmarks.AddAyahAsync(2, 255, cancellationToken: Ct);
        var other = await phone.Client.Bookmarks.AddAyahAsync(36, 1, cancellationToken: Ct);
        await phone.Client.CollectionBookmarks.AddAsync(collectionId, reading.Id, Ct);
        await phone.Client.SyncAsync(Ct);

        phone.Network.Online = false;
        await phone.Client.Bookmarks.SetReadingAsync(other.Id, Ct);
        await phone.Client.CollectionBookmarks.RemoveAsync(collectionId, reading.Id, Ct);
        await phone.Client.CollectionBookmarks.AddAsync(collectionId, reading.Id, Ct);
        phone.Network.Online = true;
        phone.Network.AfterPush = () => phone.Network.Online = false;
        var interrupted = await phone.Client.SyncAsync(Ct);
        phone.Network.AfterPush = null;
        await phone.Client.CollectionBookmarks.RemoveAsync(collectionId, reading.Id, Ct);
        phone.Network.Online = true;
        var result = await phone.Client.SyncAsync(Ct);

        Assert.Equal((1, false), (interrupted.Pushed, interrupted.IsComplete));
        Assert.True(result.IsComplete);
        Assert.Empty(await phone.Client.CollectionBookmarks.ListAsync(collectionId, Ct));
        using var api = server.Api(phone.UserId);
        Assert.DoesNotContain(await api.PullAllAsync(), e => e["resource"]!.GetValue<string>() == "COLLECTION_BOOKMARK");
    }

    // Making another bookmark the reading one queues the clearing of this one; another device deleting
    // this one meanwhile is no conflict: it stays deleted, under every policy, and nothing fails.
    [Theory]
    [InlineData("LocalChangesWin")]
    [InlineData("ServerWins")]
    [InlineData("ClientWins")]
    public async Task A_reading_bookmark_deleted_elsewhere_while_this_device_cleared_it_stays_deleted_with_nothing_failed(string policy)
    {
        var resolver = policy switch
        {
            "ServerWins" => ConflictResolvers.ServerWins,
            "ClientWins" => ConflictResolvers.ClientWins,
            _ => ConflictResolvers.LocalChangesWin,
        };
        await using var server = await SyncServer.StartAsync(new Dictionary<string, string?> { ["Syncline:Store"] = "Sqlite" }, cancellationToken: Ct);
        await using var phone = await PhoneAsync(server, resolver: resolver);
        await using var tablet = await PhoneAsync(server, phone.UserId);
        await phone.Client.Bookmarks.SetReadingAsync((await phone.Client.Bookmarks.AddAyahAsync(2, 255, cancellationToken: Ct)).Id, Ct);
        await phone.Client.Bookmarks.AddAsync(BookmarkType.Surah, 18, cancellationToken: Ct);
        await phone.Client.SyncAsync(Ct);
        await tablet.Client.SyncAsync(Ct);
        var previous = await phone.Client.Bookmarks.AddAyahAsync(2, 255, cancellationToken: Ct);
        var other = await phone.Client.Bookmarks.AddAsync(BookmarkType.Surah, 18, cancellationToken: Ct);

        phone.Network.Online = false;
        await phone.Client.Bookmarks.SetReadingAsync(other.Id, Ct);
        await tablet.Client.Bookmarks.DeleteAsync(previous.Id, Ct);
        await tablet.Client.SyncAsync(Ct);
        phone.Network.Online = true;
        var result = await phone.Client.SyncAsync(Ct);

        Assert.True(result.IsComplete, result.ToString());
        Assert.Empty(await phone.Client.Failed.ListAsync(Ct));
        Assert.Equal([(18, true)], (await phone.Client.Bookmarks.ListAsync(Ct)).Select(b => (b.Key, b.IsReading)));
        Assert.Equal([(other.Id, true)], (await BookmarksOnServerAsync(server, phone.UserId)).Select(b => (b.Key, b.Value)));
    }

    /// <summary>The live bookmarks the server holds as reading, from its log replayed.</summary>
    private static async Task<List<string>> ReadingOnServerAsync(SyncServer server, string userId) =>
        [.. (await BookmarksOnServerAsync(server, userId)).Where(b => b.Value).Select(b => b.Key)];

    /// <summary>The live bookmarks the server holds, each with whether it is the reading one, from its log replayed.</summary>
    private static async Task<Dictionary<string, bool>> BookmarksOnServerAsync(SyncServer server, string userId)
    {
        using var api = server.Api(userId);
        var bookmarks = new Dictionary<string, bool>();
        foreach (var entry in (await api.PullAllAsync()).Where(e => e["resource"]!.GetValue<string>() == "BOOKMARK"))
        {
            var id = entry["resourceId"]!.GetValue<string>();
            if (entry["type"]!.GetValue<string>() == "DELETE")
            {
                bookmarks.Remove(id);
            }
            else
            {
                bookmarks[id] = entry["data"]!["isReading"]?.GetValue<bool>() ?? false;
            }
        }

        return bookmarks;
    }

    private static async Task<Phone> PhoneAsync(SyncServer server, string? userId = null, IConflictResolver? resolver = null)
    {
        userId ??= $"user-{Guid.NewGuid():N}";
        var directory = Path.Combine(Path.GetTempPath(), "syncline-simulation-tests", Guid.NewGuid().ToString("N"));
        var network = new SwitchableNetwork();
        var client = await SyncClient.OpenAsync(
            new SyncClientOptions
            {
                ServerUrl = server.BaseAddress,
                DatabasePath = Path.Combine(directory, "phone.db"),
                TokenProvider = _ => ValueTask.FromResult(server.Token(userId)),
                HttpClient = new HttpClient(network),
                BackoffBase = TimeSpan.FromMilliseconds(1),
                BackoffCap = TimeSpan.FromMilliseconds(5),
                // One mutation per push, so a sync can end between the pushes of one fold.
                PushBatchSize = 1,
                ConflictResolver = resolver ?? ConflictResolvers.LocalChangesWin,
            },
            cancellationToken: Ct);
        return new Phone(userId, client, network, directory);
    }

    private sealed record Phone(string UserId, SyncClient Client, SwitchableNetwork Network, string Directory) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Client.DisposeAsync();
            try
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
            catch (IOException)
            {
                // A file the pool still holds; the temp folder is cleaned later.
            }
        }
    }
}
