using System.Net;
using Syncline.Client.Tests.Support;

namespace Syncline.Client.Tests;

/// <summary>What the SDK does under a bad network and across crashes: nothing lost, nothing applied twice.</summary>
public sealed class ReliabilityTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_collection_bookmark_and_link_made_offline_reach_the_server_with_server_ids()
    {
        await using var devices = new Devices(fixture.Server);
        var network = new NetworkSwitch { Online = false };
        var phone = await devices.OpenAsync("phone", network);
        var collection = await phone.Collections.CreateAsync("Night reading", cancellationToken: Ct);
        var bookmark = await phone.Bookmarks.AddAyahAsync(67, 1, cancellationToken: Ct);
        await phone.CollectionBookmarks.AddAsync(collection.Id, bookmark.Id, Ct);
        var renamed = new List<(string From, string To)>();
        phone.ResourcesChanged += (_, e) => renamed.AddRange(e.Changes.Where(c => c.Kind == ChangeKind.IdChanged).Select(c => (c.PreviousId!, c.Id)));

        network.Online = true;
        var result = await phone.SyncAsync(Ct);

        Assert.True(result.IsComplete, result.ToString());
        var serverCollection = Assert.Single(await phone.Collections.ListAsync(Ct), c => c.Name == "Night reading");
        var serverBookmark = Assert.Single(await phone.Bookmarks.ListAsync(Ct));
        Assert.Matches("^[0-9a-z]{24}$", serverCollection.Id);
        Assert.Matches("^[0-9a-z]{24}$", serverBookmark.Id);
        var link = Assert.Single(await phone.CollectionBookmarks.ListAsync(serverCollection.Id, Ct));
        Assert.Equal(new CollectionBookmark(serverCollection.Id, serverBookmark.Id, SyncStatus.Synced), link);
        Assert.Contains((collection.Id, serverCollection.Id), renamed);
        Assert.Contains((bookmark.Id, serverBookmark.Id), renamed);
        using var api = devices.ServerApi();
        var serverLinks = (await api.PullAllAsync()).Where(e => e["resource"]!.GetValue<string>() == "COLLECTION_BOOKMARK").ToList();
        var serverLink = Assert.Single(serverLinks);
        Assert.Equal(serverCollection.Id, serverLink["data"]!["collectionId"]!.GetValue<string>());
        Assert.Equal(serverBookmark.Id, serverLink["data"]!["bookmarkId"]!.GetValue<string>());
        Assert.Equal(0, (await phone.GetStatusAsync(Ct)).PendingCount);
    }

    [Fact]
    public async Task Another_device_pushing_in_between_is_a_409_the_client_pulls_through_and_pushes_again()
    {
        await using var devices = new Devices(fixture.Server);
        var phone = await devices.OpenAsync("phone");
        var tablet = await devices.OpenAsync("tablet");
        await phone.SyncAsync(Ct);
        await phone.Notes.AddAsync("from the phone", ["1:1-1:7"], cancellationToken: Ct);
        await tablet.Notes.AddAsync("from the tablet", ["1:1-1:7"], cancellationToken: Ct);
        await tablet.SyncAsync(Ct);

        var phoneNetwork = new NetworkSwitch();
        await phone.DisposeAsync();
        var reopened = await devices.OpenAsync("phone", phoneNetwork);
        var result = await reopened.SyncAsync(Ct);

        Assert.True(result.IsComplete, result.ToString());
        Assert.Equal(2, (await reopened.Notes.ListAsync(Ct)).Count);
        using var api = devices.ServerApi();
        Assert.Equal(2, (await api.PullAllAsync()).Count(e => e["resource"]!.GetValue<string>() == "NOTE"));
    }

    [Fact]
    public async Task A_stale_cursor_at_push_time_gets_409_then_pull_then_push()
    {
        await using var devices = new Devices(fixture.Server);
        var network = new NetworkSwitch();
        var phone = await devices.OpenAsync("phone", network);
        await phone.SyncAsync(Ct);
        await phone.Notes.AddAsync("pushed after another device", ["1:1-1:2"], cancellationToken: Ct);
        // Another device pushes after the phone's pull and before its push.
        using var other = devices.ServerApi();
        network.BeforePush = async () =>
        {
            network.BeforePush = null;
            var head = await other.HeadAsync();
            await other.PushAsync(head, Syncline.Testing.Servers.Mutations.Note("sneaked in between", "1:3-1:4"));
        };

        var result = await phone.SyncAsync(Ct);

        Assert.True(result.IsComplete, result.ToString());
        var pushes = network.Requests.Where(r => r.StartsWith("POST", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, pushes.Count);
        Assert.Equal(2, (await phone.Notes.ListAsync(Ct)).Count);
    }

    // Simulation seeds 3, 4 and 6: SocketsHttpHandler threw a bare SocketException out of SyncAsync
    // when the fault proxy reset a connection the moment it opened.
    [Fact]
    public async Task A_raw_socket_error_is_a_failed_attempt_not_an_exception_and_the_change_still_arrives_once()
    {
        await using var devices = new Devices(fixture.Server);
        var network = new NetworkSwitch();
        var phone = await devices.OpenAsync("phone", network, o => o.MaxTransientRetries = 0);
        await phone.Notes.AddAsync("through a reset", ["3:1-3:2"], cancellationToken: Ct);
        network.FailNextRequestWith(new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.NotConnected));

        var first = await phone.SyncAsync(Ct);
        var second = await phone.SyncAsync(Ct);

        Assert.False(first.IsComplete, first.ToString());
        Assert.True(second.IsComplete, second.ToString());
        using var api = devices.ServerApi();
        Assert.Single(await api.PullAllAsync(), e => e["resource"]!.GetValue<string>() == "NOTE");
    }

    [Fact]
    public async Task A_lost_response_is_retried_with_the_same_key_and_applied_once()
    {
        await using var devices = new Devices(fixture.Server);
        var network = new NetworkSwitch();
        var phone = await devices.OpenAsync("phone", network);
        await phone.Notes.AddAsync("only once, please", ["3:1-3:2"], cancellationToken: Ct);
        await phone.Collections.CreateAsync("Once", cancellationToken: Ct);
        network.DropNextPushResponses(1);

        var result = await phone.SyncAsync(Ct);

        Assert.True(result.IsComplete, result.ToString());
        using var api = devices.ServerApi();
        var log = await api.PullAllAsync();
        Assert.Single(log, e => e["resource"]!.GetValue<string>() == "NOTE");
        Assert.Single(log, e => e["data"]!["name"]?.GetValue<string>() == "Once");
        Assert.Single(await phone.Notes.ListAsync(Ct));
        Assert.Equal(2, (await phone.Collections.ListAsync(Ct)).Count);
        var keys = network.Requests.Where(r => r.StartsWith("POST", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, keys.Count);
    }

    [Fact]
    public async Task A_crash_between_send_and_acknowledgement_loses_nothing_and_duplicates_nothing()
    {
        await using var devices = new Devices(fixture.Server);
        var network = new NetworkSwitch();
        var phone = await devices.OpenAsync("phone", network);
        await phone.Bookmarks.AddAyahAsync(36, 1, cancellationToken: Ct);
        await phone.Notes.AddAsync("survives the crash", ["36:1-36:12"], cancellationToken: Ct);
        // The push reaches the server, the app dies before the acknowledgement is stored.
        network.DropNextPushResponses(1);
        network.GoOfflineAfter(2);
        var interrupted = await phone.SyncAsync(Ct);
        await phone.DisposeAsync();

        var restarted = await devices.OpenAsync("phone");
        var beforeSync = await restarted.GetStatusAsync(Ct);
        var result = await restarted.SyncAsync(Ct);

        Assert.False(interrupted.IsComplete);
        Assert.Equal(2, beforeSync.PendingCount);
        Assert.True(result.IsComplete, result.ToString());
        using var api = devices.ServerApi();
        var log = await api.PullAllAsync();
        Assert.Single(log, e => e["resource"]!.GetValue<string>() == "NOTE");
        Assert.Single(log, e => e["resource"]!.GetValue<string>() == "BOOKMARK");
        Assert.Single(await restarted.Notes.ListAsync(Ct));
        Assert.Single(await restarted.Bookmarks.ListAsync(Ct));
        Assert.All(await restarted.Notes.ListAsync(Ct), n => Assert.Equal(SyncStatus.Synced, n.Status));
    }

    [Fact]
    public async Task A_first_sync_interrupted_resumes_from_the_last_applied_page()
    {
        await using var devices = new Devices(fixture.Server);
        using var api = devices.ServerApi();
        long head = 0;
        for (var batch = 0; batch < 3; batch++)
        {
            // 300 distinct ayahs: 2:1..2:286, then 3:1..3:14.
            var reply = await api.PushAsync(head, [.. Enumerable.Range((batch * 100) + 1, 100).Select(n => n <= 286 ? Syncline.Testing.Servers.Mutations.Bookmark(2, n) : Syncline.Testing.Servers.Mutations.Bookmark(3, n - 286))]);
            Assert.Equal(HttpStatusCode.OK, reply.Status);
            head = reply.Head;
        }

        var network = new NetworkSwitch();
        network.GoOfflineAfter(2);
        var phone = await devices.OpenAsync("phone", network, o => o.PullPageSize = 100);

        var interrupted = await phone.SyncAsync(Ct);
        var cursorAfterInterruption = (await phone.GetStatusAsync(Ct)).LastMutationAt;
        network.Online = true;
        network.GoOfflineAfter(int.MaxValue);
        network.Requests.Clear();
        var resumed = await phone.SyncAsync(Ct);

        Assert.True(interrupted.Offline);
        Assert.Equal(200, interrupted.Pulled);
        Assert.True(resumed.IsComplete, resumed.ToString());
        Assert.Equal($"GET /v1/sync?mutationsSince={cursorAfterInterruption}&limit=100", network.Requests[0]);
        Assert.Equal(301 - 200, resumed.Pulled);
        Assert.Equal(300, (await phone.Bookmarks.ListAsync(Ct)).Count);
    }

    [Fact]
    public async Task A_mutation_the_server_refuses_goes_to_the_failed_list_and_the_rest_are_pushed()
    {
        await using var devices = new Devices(fixture.Server);
        var (phone, collectionId, bookmarkId) = await CollectionDeletedElsewhereAsync(devices);
        // Offline edits on the phone: one the server must refuse (a link into the deleted collection), two that are fine.
        await phone.CollectionBookmarks.AddAsync(collectionId, bookmarkId, Ct);
        await phone.Notes.AddAsync("a fine new note", ["2:3-2:4"], cancellationToken: Ct);
        await phone.Collections.CreateAsync("A fine collection", cancellationToken: Ct);

        var result = await phone.SyncAsync(Ct);

        Assert.Equal(1, result.Failed);
        Assert.Equal(0, result.Pending);
        var failed = Assert.Single(await phone.Failed.ListAsync(Ct));
        Assert.Equal(("CREATE", "COLLECTION_BOOKMARK"), (failed.Type, failed.Resource));
        Assert.Contains("Resource not found", failed.Reason, StringComparison.Ordinal);
        using var api = devices.ServerApi();
        var log = await api.PullAllAsync();
        Assert.Contains(log, e => e["data"]!["body"]?.GetValue<string>() == "a fine new note");
        Assert.Contains(log, e => e["data"]!["name"]?.GetValue<string>() == "A fine collection");
        Assert.DoesNotContain(log, e => e["resource"]!.GetValue<string>() == "COLLECTION_BOOKMARK" && e["type"]!.GetValue<string>() == "CREATE");
    }

    [Fact]
    public async Task A_failed_change_discarded_goes_back_to_the_servers_version()
    {
        await using var devices = new Devices(fixture.Server);
        var (phone, collectionId, bookmarkId) = await CollectionDeletedElsewhereAsync(devices);
        await phone.CollectionBookmarks.AddAsync(collectionId, bookmarkId, Ct);
        await phone.SyncAsync(Ct);

        var failed = Assert.Single(await phone.Failed.ListAsync(Ct));
        await phone.Failed.DiscardAsync(failed.Id, Ct);

        Assert.Empty(await phone.CollectionBookmarks.ListAsync(null, Ct));
        Assert.Empty(await phone.Failed.ListAsync(Ct));
        var laptop = await devices.OpenAsync("laptop");
        await laptop.SyncAsync(Ct);
        Assert.Equal(await SyncClientTests.SnapshotAsync(laptop), await SyncClientTests.SnapshotAsync(phone));
    }

    [Fact]
    public async Task A_change_given_up_after_server_errors_can_be_retried_from_the_failed_list()
    {
        await using var devices = new Devices(fixture.Server);
        var phone = await devices.OpenAsync("phone", configure: o =>
        {
            o.MaxMutationAttempts = 2;
            o.MaxTransientRetries = 1;
            o.TokenProvider = _ => ValueTask.FromResult(fixture.Server.Token(devices.UserId));
        });
        await phone.SyncAsync(Ct);
        await phone.Notes.AddAsync("first refused, then kept", ["4:1-4:2"], cancellationToken: Ct);
        await using (await fixture.Server.BreakPushesAsync())
        {
            var refused = await phone.SyncAsync(Ct);
            Assert.Equal(1, refused.Failed);
        }

        var failed = Assert.Single(await phone.Failed.ListAsync(Ct));
        Assert.Contains("500", failed.Reason, StringComparison.Ordinal);
        await phone.Failed.RetryAsync(failed.Id, Ct);
        var result = await phone.SyncAsync(Ct);

        Assert.True(result.IsComplete, result.ToString());
        using var api = devices.ServerApi();
        Assert.Single(await api.PullAllAsync(), e => e["data"]!["body"]?.GetValue<string>() == "first refused, then kept");
    }

    /// <summary>A phone that has a collection and a bookmark, whose collection the tablet then deletes (not yet pulled by the phone).</summary>
    private static async Task<(SyncClient Phone, string CollectionId, string BookmarkId)> CollectionDeletedElsewhereAsync(Devices devices)
    {
        var tablet = await devices.OpenAsync("tablet");
        await tablet.Collections.CreateAsync("Deleted elsewhere", cancellationToken: Ct);
        await tablet.Bookmarks.AddAyahAsync(2, 1, cancellationToken: Ct);
        await tablet.SyncAsync(Ct);
        var phone = await devices.OpenAsync("phone");
        await phone.SyncAsync(Ct);
        var collectionId = (await phone.Collections.ListAsync(Ct)).Single(c => c.Name == "Deleted elsewhere").Id;
        var bookmarkId = (await phone.Bookmarks.ListAsync(Ct)).Single().Id;
        await tablet.SyncAsync(Ct);
        await tablet.Collections.DeleteAsync(collectionId, Ct);
        await tablet.SyncAsync(Ct);
        return (phone, collectionId, bookmarkId);
    }

    [Fact]
    public async Task A_refused_token_is_asked_for_again_once_then_reported()
    {
        await using var devices = new Devices(fixture.Server);
        var asked = 0;
        var phone = await devices.OpenAsync("phone", configure: o => o.TokenProvider = _ =>
        {
            asked++;
            return ValueTask.FromResult("not-a-token");
        });
        await phone.Notes.AddAsync("kept through an auth failure", ["1:1-1:2"], cancellationToken: Ct);

        var error = await Assert.ThrowsAsync<SynclineAuthenticationException>(() => phone.SyncAsync(Ct));

        Assert.Equal(2, asked);
        Assert.Contains("401", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, (await phone.GetStatusAsync(Ct)).PendingCount);
        Assert.Equal(SyncState.Error, phone.State);
    }

    [Fact]
    public async Task Concurrent_sync_calls_join_one_run()
    {
        await using var devices = new Devices(fixture.Server);
        var network = new NetworkSwitch();
        var phone = await devices.OpenAsync("phone", network);
        await phone.Notes.AddAsync("synced once", ["1:1-1:2"], cancellationToken: Ct);

        var results = await Task.WhenAll(phone.SyncAsync(Ct), phone.SyncAsync(Ct), phone.SyncAsync(Ct));

        Assert.Same(results[0], results[1]);
        Assert.Same(results[0], results[2]);
        Assert.Single(network.Requests, r => r.StartsWith("POST", StringComparison.Ordinal));
    }
}
