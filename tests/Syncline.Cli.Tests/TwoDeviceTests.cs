using System.Text.Json.Nodes;
using Syncline.Cli.Tests.Support;
using Syncline.Testing.Servers;

namespace Syncline.Cli.Tests;

/// <summary>Two devices of one user, each its own database, writing offline and syncing through a real server process.</summary>
public sealed class TwoDeviceTests(ServerFixture server) : IClassFixture<ServerFixture>, IDisposable
{
    private readonly Devices _devices = new();

    [Fact]
    public async Task Writes_made_offline_on_two_devices_sync_to_the_same_export()
    {
        var token = await server.TokenAsync(NewUser());
        var phone = _devices["phone"];
        var tablet = _devices["tablet"];

        // The phone writes before it has ever logged in.
        var bookmark = (await phone.OkAsync("bookmark", "add", "2:255")).WrittenId;
        var collection = await phone.OkAsync("collection", "create", "Night reading");
        var linked = await phone.OkAsync("collection", "add", collection.WrittenId, bookmark);
        var reading = await phone.OkAsync("bookmark", "reading", "18:10");
        Assert.StartsWith("local_", bookmark, StringComparison.Ordinal);
        Assert.Contains("pending sync (3 changes queued)", linked.Stdout, StringComparison.Ordinal);
        Assert.Contains("pending sync", reading.Stdout, StringComparison.Ordinal);

        // The tablet is logged in to a server that is not there.
        Assert.Equal(0, (await tablet.RunAsync("login", "--server", $"http://127.0.0.1:{ServerProcess.FreePort()}", "--token", token)).ExitCode);
        await tablet.OkAsync("note", "add", "2:255-2:257", "The Throne Verse and the two after it");
        await tablet.OkAsync("bookmark", "add", "--surah", "18");
        var offline = await tablet.RunAsync("sync");
        Assert.Equal(3, offline.ExitCode);
        Assert.Equal("offline, 2 changes pending", offline.Stdout.Trim());

        await phone.OkAsync("login", "--server", server.Address.ToString(), "--token", token);
        await tablet.OkAsync("login", "--server", server.Address.ToString(), "--token", token);
        var first = await phone.OkAsync("sync");
        await tablet.OkAsync("sync");
        await phone.OkAsync("sync");

        Assert.Matches(@"^synced: pulled \d+, pushed \d+, conflicts 0, failed 0$", first.Stdout.Trim());
        var export = await phone.ExportAsync();
        Assert.Equal(export, await tablet.ExportAsync());
        var state = JsonNode.Parse(export)!.AsObject();
        Assert.Equal(
            ["18:10 reading", "2:255", "surah 18"],
            state["bookmarks"]!.AsArray().Select(Place).Order(StringComparer.Ordinal));
        Assert.Equal(["Favorites", "Night reading"], state["collections"]!.AsArray().Select(c => (string)c!["name"]!).Order(StringComparer.Ordinal));
        Assert.Single(state["collectionBookmarks"]!.AsArray());
        Assert.Equal("The Throne Verse and the two after it", (string)state["notes"]!.AsArray().Single()!["body"]!);
        Assert.DoesNotContain("local_", export, StringComparison.Ordinal);
        Assert.DoesNotContain("pending", export, StringComparison.Ordinal);

        // What the phone wrote offline arrived on the tablet, as a person sees it.
        var list = await tablet.OkAsync("collection", "show", (string)state["collectionBookmarks"]![0]!["collectionId"]!);
        Assert.Contains("\"Night reading\": 1 bookmark", list.Stdout, StringComparison.Ordinal);
        Assert.Contains("\t2:255\t1\tsynced", list.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_prints_a_note_that_the_other_device_synced()
    {
        var token = await server.TokenAsync(NewUser());
        var phone = _devices["phone"];
        var tablet = _devices["tablet"];
        await phone.OkAsync("login", "--server", server.Address.ToString(), "--token", token);
        await tablet.OkAsync("login", "--server", server.Address.ToString(), "--token", token);

        using var watch = tablet.StartWatch("--interval", "0.3");
        await watch.WaitForLineAsync(line => line.StartsWith("watching ", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        await phone.OkAsync("note", "add", "3:1-3:5", "Alif Lam Mim, from the phone");
        await phone.OkAsync("sync");
        var id = (await phone.OkAsync("note", "list")).Lines[1].Split('\t')[0];

        var line = await watch.WaitForLineAsync(line => line.Contains("created note", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        Assert.EndsWith($"created note {id} (3:1-3:5) \"Alif Lam Mim, from the phone\"", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_local_id_copied_before_a_sync_still_names_the_record_after_it()
    {
        var token = await server.TokenAsync(NewUser());
        var phone = _devices["phone"];
        var localId = (await phone.OkAsync("note", "add", "1:1", "Bismillah, the opening")).WrittenId;
        await phone.OkAsync("login", "--server", server.Address.ToString(), "--token", token);
        await phone.OkAsync("sync");
        var serverId = (await phone.OkAsync("note", "list")).Lines[1].Split('\t')[0];

        var edited = await phone.OkAsync("note", "edit", localId, "Bismillah, the opening of the Book");

        Assert.StartsWith("local_", localId, StringComparison.Ordinal);
        Assert.DoesNotContain("local_", serverId, StringComparison.Ordinal);
        Assert.StartsWith($"edited note {serverId} (1:1-1:1), pending sync (1 change queued)", edited.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_change_the_server_refuses_can_be_listed_retried_and_discarded()
    {
        // Without the note scope the server refuses every NOTE push (403): it goes to the failed list.
        var token = await server.TokenAsync(NewUser(), scopes: "sync bookmark collection");
        var phone = _devices["phone"];
        await phone.OkAsync("login", "--server", server.Address.ToString(), "--token", token);
        await phone.OkAsync("note", "add", "2:286", "Our Lord, do not burden us");

        Assert.Contains("failed 1", (await phone.OkAsync("sync")).Stdout, StringComparison.Ordinal);
        var failed = (await phone.OkAsync("failed", "list")).Lines;
        Assert.Equal(2, failed.Length);
        Assert.Contains("CREATE NOTE", failed[1], StringComparison.Ordinal);
        Assert.Contains("note", failed[1].Split('\t')[3], StringComparison.Ordinal);

        Assert.Contains("pending sync (1 change queued)", (await phone.OkAsync("failed", "retry", failed[1].Split('\t')[0])).Stdout, StringComparison.Ordinal);
        Assert.Contains("failed 1", (await phone.OkAsync("sync")).Stdout, StringComparison.Ordinal);
        var again = (await phone.OkAsync("failed", "list")).Lines[1].Split('\t')[0];
        await phone.OkAsync("failed", "discard", again);

        Assert.Single((await phone.OkAsync("failed", "list")).Lines);
        Assert.Single((await phone.OkAsync("note", "list")).Lines);
        Assert.Contains("failed\t0", (await phone.OkAsync("status")).Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_the_server_refuses_is_exit_code_2_with_what_to_do()
    {
        var phone = _devices["phone"];
        await phone.OkAsync("login", "--server", server.Address.ToString(), "--token", "not.a.token");

        var sync = await phone.RunAsync("sync");

        Assert.Equal(2, sync.ExitCode);
        Assert.StartsWith("error: the server refused the token: 401", sync.Stderr, StringComparison.Ordinal);
        Assert.EndsWith("log in again with a fresh token: syncline login --server URL --token TOKEN", sync.Stderr.Trim(), StringComparison.Ordinal);
    }

    public void Dispose() => _devices.Dispose();

    private static string NewUser() => $"cli-{Guid.NewGuid():N}";

    private static string Place(JsonNode? bookmark) =>
        (string)bookmark!["type"]! == "ayah"
            ? $"{bookmark["key"]}:{bookmark["verseNumber"]}{((bool)bookmark["isReading"]! ? " reading" : "")}"
            : $"{bookmark["type"]} {bookmark["key"]}";
}
