using System.Text.Json.Nodes;
using Syncline.Cli.Tests.Support;
using Syncline.Testing.Servers;

namespace Syncline.Cli.Tests;

/// <summary>What scripts rely on: exit codes, one-line errors, offline writes, and the login file. No server needed.</summary>
public sealed class ExitCodeTests : IDisposable
{
    private readonly Devices _devices = new();

    [Theory]
    [InlineData("bookmark", "add", "2:999")]
    [InlineData("bookmark", "add", "115:1")]
    [InlineData("bookmark", "add", "two:five")]
    [InlineData("bookmark", "add", "--mushaf", "8", "2:255")]
    [InlineData("bookmark", "add", "--juz", "31")]
    [InlineData("bookmark", "add")]
    [InlineData("note", "add", "2:255", "short")]
    [InlineData("note", "add", "2:257-2:255", "a range that runs backwards")]
    [InlineData("bookmark", "remove", "no_such_bookmark")]
    [InlineData("bookmark", "reading", "no_such_bookmark")]
    [InlineData("collection", "rename", "no_such_collection", "Evening")]
    [InlineData("collection", "create", "   ")]
    [InlineData("collection", "add", "no_such_collection", "no_such_bookmark")]
    [InlineData("collection", "show", "no_such_collection")]
    [InlineData("note", "edit", "no_such_note", "a long enough text")]
    [InlineData("note", "delete", "local_0000")]
    [InlineData("reading", "add", "1:8")]
    [InlineData("reading", "add", "18")]
    [InlineData("reading", "move", "no_such_session", "18:45")]
    [InlineData("reading", "delete", "local_0000")]
    [InlineData("failed", "retry", "42")]
    [InlineData("failed", "discard", "not-a-number")]
    [InlineData("export")]
    [InlineData("frobnicate")]
    [InlineData("bookmark")]
    [InlineData("sync")]
    [InlineData("watch")]
    public async Task Bad_input_unknown_ids_and_no_login_get_one_line_and_exit_code_2(params string[] args)
    {
        var result = await _devices["phone"].RunAsync(args);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal(string.Empty, result.Stdout);
        var error = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_errors_say_what_is_wrong()
    {
        var phone = _devices["phone"];

        Assert.Equal("error: 2:999 is not an ayah: surah 2 has 286 ayahs", (await phone.RunAsync("bookmark", "add", "2:999")).Stderr.Trim());
        Assert.Equal("error: a note needs 6 to 10000 characters; this one has 5", (await phone.RunAsync("note", "add", "2:255", "short")).Stderr.Trim());
        Assert.Equal(
            "error: no bookmark abc on this device (ids are in: syncline bookmark list)",
            (await phone.RunAsync("bookmark", "remove", "abc")).Stderr.Trim());
        Assert.Equal("error: not logged in: run syncline login --server URL --token TOKEN", (await phone.RunAsync("sync")).Stderr.Trim());
    }

    [Fact]
    public async Task Sync_against_an_unreachable_server_says_offline_and_exits_3_and_keeps_the_changes()
    {
        var phone = _devices["phone"];
        await phone.OkAsync("login", "--server", $"http://127.0.0.1:{ServerProcess.FreePort()}", "--token", "a.b.c");
        var added = await phone.OkAsync("bookmark", "add", "2:255");
        await phone.OkAsync("note", "add", "2:255", "Written with no server");

        var sync = await phone.RunAsync("sync");
        var status = await phone.RunAsync("status");

        Assert.StartsWith("added bookmark local_", added.Stdout, StringComparison.Ordinal);
        Assert.EndsWith("(2:255, mushaf 1), pending sync (1 change queued)", added.Stdout.Trim(), StringComparison.Ordinal);
        Assert.Equal((3, "offline, 2 changes pending", ""), (sync.ExitCode, sync.Stdout.Trim(), sync.Stderr));
        Assert.Equal(0, status.ExitCode);
        Assert.Contains("online\tno: the server does not answer", status.Stdout, StringComparison.Ordinal);
        Assert.Contains("pending\t2 changes", status.Stdout, StringComparison.Ordinal);
        var state = await phone.ExportJsonAsync();
        Assert.Equal("pendingCreate", (string)state["notes"]![0]!["syncStatus"]!);
    }

    [Fact]
    public async Task Login_keeps_server_and_token_beside_the_database_for_the_user_only()
    {
        var phone = _devices["phone"];

        var login = await phone.OkAsync("login", "--server", "http://127.0.0.1:5080", "--token", "header.payload.signature");
        var refused = await phone.RunAsync("login", "--server", "localhost:5080", "--token", "x");

        var file = phone.DatabasePath + ".login.json";
        var stored = JsonNode.Parse(await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken))!;
        Assert.Equal(("http://127.0.0.1:5080", "header.payload.signature"), ((string)stored["server"]!, (string)stored["token"]!));
        Assert.Contains(file, login.Stdout, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }

        Assert.Equal(2, refused.ExitCode);
    }

    [Fact]
    public async Task SYNCLINE_DB_names_the_database_when_db_is_not_given()
    {
        var phone = _devices["phone"];
        await phone.OkAsync("note", "add", "1:1-1:7", "The opening, whole");

        var status = await CliProcess.RunAsync(new Dictionary<string, string> { ["SYNCLINE_DB"] = phone.DatabasePath }, "status");

        Assert.Contains($"database\t{phone.DatabasePath}", status.Stdout, StringComparison.Ordinal);
        Assert.Contains("pending\t1 change", status.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_is_not_a_database_is_one_line_and_exit_code_1()
    {
        var phone = _devices["phone"];
        await File.WriteAllTextAsync(phone.DatabasePath, "not a database", TestContext.Current.CancellationToken);

        var result = await phone.RunAsync("bookmark", "list");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"error: cannot open the database {phone.DatabasePath}: SQLite Error 26: 'file is not a database'", result.Stderr.Trim());
    }

    [Fact]
    public async Task Export_is_sorted_by_resource_then_id_and_has_no_local_times()
    {
        var phone = _devices["phone"];
        foreach (var ayah in (string[])["3:7", "1:1", "2:255", "112:1"])
        {
            await phone.OkAsync("bookmark", "add", ayah);
        }

        var state = await phone.ExportJsonAsync();

        var ids = state["bookmarks"]!.AsArray().Select(b => (string)b!["id"]!).ToList();
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
        Assert.Equal(["bookmarks", "collections", "collectionBookmarks", "notes", "readingSessions"], state.Select(p => p.Key));
        Assert.Equal(
            ["id", "type", "key", "verseNumber", "mushaf", "isReading", "syncStatus"],
            state["bookmarks"]![0]!.AsObject().Select(p => p.Key));
    }

    public void Dispose() => _devices.Dispose();
}
