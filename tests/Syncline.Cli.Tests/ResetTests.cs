using System.Text.Json.Nodes;
using Syncline.Cli.Tests.Support;

namespace Syncline.Cli.Tests;

/// <summary><c>syncline reset</c>, and what <c>login</c> says about a device whose data came from another account or server.</summary>
public sealed class ResetTests(ServerFixture server) : IClassFixture<ServerFixture>, IDisposable
{
    private readonly Devices _devices = new();

    [Fact]
    public async Task Reset_keep_pending_keeps_the_queued_changes_and_the_next_sync_pulls_everything_again()
    {
        var phone = await SyncedPhoneAsync(await server.TokenAsync(NewUser()));
        await phone.OkAsync("note", "add", "2:1", "written after the last sync");

        var reset = await phone.OkAsync("reset", "--keep-pending");

        Assert.Equal("reset: dropped what came from the server and the cursor; kept 1 pending change and 0 failed changes; the next sync pulls everything", reset.Stdout.Trim());
        Assert.Equal(["written after the last sync"], Notes(await phone.ExportJsonAsync()));
        var sync = await phone.OkAsync("sync");
        Assert.Equal("full resync: syncline reset asked for it, so everything was pulled again; local changes kept", sync.Lines[0]);
        Assert.Matches(@"^synced: pulled \d+, pushed 1, conflicts 0, failed 0$", sync.Lines[1]);
        Assert.Equal(["synced before the reset", "written after the last sync"], Notes(await phone.ExportJsonAsync()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Reset_without_yes_is_refused_and_changes_nothing()
    {
        var phone = await SyncedPhoneAsync(await server.TokenAsync(NewUser()));
        await phone.OkAsync("note", "add", "2:1", "written after the last sync");
        var before = await phone.ExportAsync();

        var reset = await phone.RunAsync("reset");

        Assert.Equal(2, reset.ExitCode);
        Assert.Equal(
            "error: reset deletes everything on this device, 1 pending change and 0 failed changes included: run syncline reset --yes to do it, or syncline reset --keep-pending to keep them",
            reset.Stderr.Trim());
        Assert.Equal(before, await phone.ExportAsync());
    }

    [Fact]
    public async Task Reset_yes_deletes_everything_local_and_the_next_sync_brings_back_what_the_server_has()
    {
        var phone = await SyncedPhoneAsync(await server.TokenAsync(NewUser()));
        await phone.OkAsync("note", "add", "2:1", "never synced, deleted by the reset");

        var reset = await phone.OkAsync("reset", "--yes");

        Assert.StartsWith("reset: deleted everything on this device (1 pending change and 0 failed changes among it); still logged in to", reset.Stdout.Trim(), StringComparison.Ordinal);
        Assert.Empty(Notes(await phone.ExportJsonAsync()));
        Assert.Contains("pending\t0", (await phone.OkAsync("status")).Stdout, StringComparison.Ordinal);
        await phone.OkAsync("sync");
        Assert.Equal(["synced before the reset"], Notes(await phone.ExportJsonAsync()));
    }

    [Fact]
    public async Task Login_as_another_account_says_the_next_sync_replaces_the_devices_data_and_that_sync_does()
    {
        var alice = NewUser();
        var phone = await SyncedPhoneAsync(await server.TokenAsync(alice));
        await phone.OkAsync("note", "add", "2:1", "alice's note, written after the last sync");

        var login = await phone.OkAsync("login", "--server", server.Address.ToString(), "--token", await server.TokenAsync(NewUser()));

        Assert.Equal(
            $"this device's data came from {server.Address} as {alice}: the next sync replaces it with this account's, and moves 1 pending change to the failed list (syncline failed list: retry or discard each)",
            login.Lines[1]);
        var sync = await phone.OkAsync("sync");
        Assert.Equal("full resync: the login belongs to another account than this device's data; changes made under the old one are in the failed list, so everything was pulled again; local changes kept", sync.Lines[0]);
        Assert.Empty(Notes(await phone.ExportJsonAsync()));
        var failed = (await phone.OkAsync("failed", "list")).Lines;
        Assert.Equal(2, failed.Length);
        Assert.Contains($"\tCREATE NOTE\t", failed[1], StringComparison.Ordinal);
        Assert.Contains($"\tNot sent: made while this device synced as {alice}; it now syncs as ", failed[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_again_to_the_same_server_and_account_says_nothing_about_a_resync()
    {
        var token = await server.TokenAsync(NewUser());
        var phone = await SyncedPhoneAsync(token);

        var login = await phone.OkAsync("login", "--server", server.Address.ToString(), "--token", token);

        Assert.Single(login.Lines);
    }

    public void Dispose() => _devices.Dispose();

    /// <summary>A device logged in with <paramref name="token"/> that synced one note.</summary>
    private async Task<Device> SyncedPhoneAsync(string token)
    {
        var phone = _devices["phone"];
        await phone.OkAsync("login", "--server", server.Address.ToString(), "--token", token);
        await phone.OkAsync("note", "add", "1:1", "synced before the reset");
        await phone.OkAsync("sync");
        return phone;
    }

    private static List<string> Notes(JsonObject export) => [.. export["notes"]!.AsArray().Select(n => (string)n!["body"]!)];

    private static string NewUser() => $"cli-{Guid.NewGuid():N}";
}
