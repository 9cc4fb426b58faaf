using System.Text.RegularExpressions;
using Syncline.Cli.Tests.Support;

namespace Syncline.Cli.Tests;

/// <summary>The README's terminal walkthrough, command for command, against a real server process.</summary>
public sealed class ReadmeWalkthroughTests(ServerFixture server) : IClassFixture<ServerFixture>, IDisposable
{
    private readonly Devices _devices = new();

    [Fact]
    public async Task The_walkthrough_brings_the_phones_offline_writes_to_the_tablet_and_watch_prints_a_new_note()
    {
        var token = await server.TokenAsync($"bilal-{Guid.NewGuid():N}");
        var phone = _devices["phone"];
        var tablet = _devices["tablet"];

        // Offline: neither device has logged in yet.
        var bookmark = (await phone.OkAsync("bookmark", "add", "2:255")).WrittenId;
        var list = (await phone.OkAsync("collection", "create", "Night reading")).WrittenId;
        var added = await phone.OkAsync("collection", "add", list, bookmark);
        await tablet.OkAsync("note", "add", "2:255-2:257", "The Throne Verse, and the two after it");
        var status = await phone.OkAsync("status");

        // Online.
        await phone.OkAsync("login", "--server", server.Address.ToString(), "--token", token);
        await tablet.OkAsync("login", "--server", server.Address.ToString(), "--token", token);
        var phoneSync = await phone.OkAsync("sync");
        var tabletSync = await tablet.OkAsync("sync");
        await phone.OkAsync("sync");
        var collections = await tablet.OkAsync("collection", "list");

        Assert.Equal(
            $"added bookmark {bookmark} (2:255, mushaf 1) to collection {list}, pending sync (3 changes queued)", added.Stdout.Trim());
        Assert.Contains("pending\t3 changes", status.Stdout, StringComparison.Ordinal);
        Assert.Equal("synced: pulled 1, pushed 3, conflicts 0, failed 0", phoneSync.Stdout.Trim());
        Assert.Equal("synced: pulled 4, pushed 1, conflicts 0, failed 0", tabletSync.Stdout.Trim());
        // Both came in one pull, so their order is the SDK's tie-break (by id): compare as a set.
        Assert.Equal("ID\tName\tBookmarks\tPrivate\tStatus", collections.Lines[0]);
        Assert.Equal(2, collections.Lines.Length - 1);
        Assert.Contains("__default__\tFavorites\t0\tyes\tsynced", collections.Lines);
        Assert.Single(collections.Lines, line => Regex.IsMatch(line, "^[a-z0-9]{24}\tNight reading\t1\tyes\tsynced$"));
        Assert.Equal(await phone.ExportAsync(), await tablet.ExportAsync());

        // Terminal 3 watches the tablet while the phone writes and syncs.
        using var watch = tablet.StartWatch();
        await watch.WaitForLineAsync(line => line.StartsWith("watching ", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        await phone.OkAsync("note", "add", "2:286", "Our Lord, do not burden us beyond what we can bear");
        await phone.OkAsync("sync");
        var arrived = await watch.WaitForLineAsync(line => line.Contains("created note", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        Assert.EndsWith("(2:286-2:286) \"Our Lord, do not burden us beyond what we can bear\"", arrived, StringComparison.Ordinal);
    }

    public void Dispose() => _devices.Dispose();
}
