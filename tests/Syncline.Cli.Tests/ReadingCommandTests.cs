using Syncline.Cli.Tests.Support;

namespace Syncline.Cli.Tests;

/// <summary><c>syncline reading ...</c>: reading sessions written offline on one device and synced to another through a real server process.</summary>
public sealed class ReadingCommandTests(ServerFixture server) : IClassFixture<ServerFixture>, IDisposable
{
    private readonly Devices _devices = new();

    [Fact]
    public async Task A_reading_session_added_offline_on_the_phone_is_listed_on_the_tablet_after_both_sync()
    {
        var token = await server.TokenAsync(NewUser());
        var phone = _devices["phone"];
        var tablet = _devices["tablet"];

        var added = await phone.OkAsync("reading", "add", "18:10");
        await LoginAndSyncAsync(token, phone, tablet);

        Assert.StartsWith("added reading local_", added.Stdout, StringComparison.Ordinal);
        Assert.Contains("(18:10), pending sync (1 change queued)", added.Stdout, StringComparison.Ordinal);
        var row = Assert.Single((await tablet.OkAsync("reading", "list")).Lines[1..]).Split('\t');
        Assert.Equal(["18:10", "synced"], [row[1], row[3]]);
        Assert.Matches("^[0-9a-z]{24}$", row[0]);
        Assert.Equal(await phone.ExportAsync(), await tablet.ExportAsync());
    }

    [Fact]
    public async Task A_reading_session_moved_on_the_tablet_is_at_the_new_ayah_on_the_phone()
    {
        var token = await server.TokenAsync(NewUser());
        var phone = _devices["phone"];
        var tablet = _devices["tablet"];
        await phone.OkAsync("reading", "add", "18:10");
        await LoginAndSyncAsync(token, phone, tablet);
        var id = (await tablet.OkAsync("reading", "list")).Lines[1].Split('\t')[0];

        var moved = await tablet.OkAsync("reading", "move", id, "18:45");
        await tablet.OkAsync("sync");
        await phone.OkAsync("sync");

        Assert.StartsWith($"moved reading {id} (18:10 to 18:45), pending sync (1 change queued)", moved.Stdout, StringComparison.Ordinal);
        var session = Assert.Single((await phone.ExportJsonAsync())["readingSessions"]!.AsArray())!;
        Assert.Equal((id, 18, 45, "synced"), ((string)session["id"]!, (int)session["chapterNumber"]!, (int)session["verseNumber"]!, (string)session["syncStatus"]!));
        Assert.Equal(await phone.ExportAsync(), await tablet.ExportAsync());
    }

    [Fact]
    public async Task A_reading_session_deleted_on_the_phone_is_gone_from_the_tablet()
    {
        var token = await server.TokenAsync(NewUser());
        var phone = _devices["phone"];
        var tablet = _devices["tablet"];
        var localId = (await phone.OkAsync("reading", "add", "36:1")).WrittenId;
        await LoginAndSyncAsync(token, phone, tablet);

        // The local id still names the session after the sync that renamed it.
        var deleted = await phone.OkAsync("reading", "delete", localId);
        await phone.OkAsync("sync");
        await tablet.OkAsync("sync");

        Assert.Contains("(36:1), pending sync (1 change queued)", deleted.Stdout, StringComparison.Ordinal);
        Assert.Single((await tablet.OkAsync("reading", "list")).Lines);
        Assert.Empty((await tablet.ExportJsonAsync())["readingSessions"]!.AsArray());
    }

    public void Dispose() => _devices.Dispose();

    private async Task LoginAndSyncAsync(string token, Device phone, Device tablet)
    {
        await phone.OkAsync("login", "--server", server.Address.ToString(), "--token", token);
        await tablet.OkAsync("login", "--server", server.Address.ToString(), "--token", token);
        await phone.OkAsync("sync");
        await tablet.OkAsync("sync");
    }

    private static string NewUser() => $"cli-{Guid.NewGuid():N}";
}
