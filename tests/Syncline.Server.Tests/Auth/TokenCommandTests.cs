using System.Net;
using System.Net.Http.Headers;
using Syncline.Server.Tests.Support;

namespace Syncline.Server.Tests.Auth;

/// <summary>
/// <c>Syncline.Server token</c>, run as a process: it reads the server's configuration, signs with the
/// server's key, and refuses bad input in one clear line.
/// </summary>
public sealed class TokenCommandTests : IDisposable
{
    private readonly string _elsewhere = Directory.CreateTempSubdirectory("syncline-token-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("0")]
    [InlineData("366")]
    [InlineData("99999999")]
    [InlineData("-5")]
    [InlineData("ten")]
    public async Task Days_outside_1_to_365_are_refused_with_a_clear_message_and_exit_2(string days)
    {
        var exit = await TokenAsync(["--user", "alice", "--days", days, "--create-key", $"--Syncline:DataDirectory={Path.Combine(_elsewhere, "data")}"]);

        Assert.True(exit.ExitCode == 2, exit.ToString());
        Assert.Equal($"error: --days must be a whole number from 1 to 365, not '{days}'", exit.ErrorLines[0]);
        Assert.Empty(exit.Output);
        Assert.False(exit.HasStackTrace, exit.ToString());
    }

    [Fact]
    public async Task Token_minted_from_another_working_directory_with_the_servers_settings_is_accepted_by_the_server()
    {
        await using var server = await SyncServer.StartAsync(new Dictionary<string, string?> { ["Syncline:Store"] = "Sqlite" }, cancellationToken: Ct);

        // The server's data directory comes from the environment, as an operator's service unit would set it.
        var exit = await TokenAsync(["--user", "alice", "--days", "365"], new Dictionary<string, string> { ["Syncline__DataDirectory"] = server.DataDirectory });

        Assert.True(exit.ExitCode == 0, exit.ToString());
        using var http = server.Http();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", exit.Output.Trim());
        using var pull = await http.GetAsync("/v1/sync?mutationsSince=0", Ct);
        Assert.Equal(HttpStatusCode.OK, pull.StatusCode);
    }

    [Fact]
    public async Task Without_a_signing_key_it_refuses_naming_where_it_looked_and_creates_nothing()
    {
        var exit = await TokenAsync(["--user", "alice"]);

        Assert.True(exit.ExitCode == 2, exit.ToString());
        var line = Assert.Single(exit.ErrorLines);
        Assert.Contains(Path.Combine(_elsewhere, "data", "jwt-signing.key"), line, StringComparison.Ordinal);
        Assert.Contains("--create-key", line, StringComparison.Ordinal);
        Assert.Empty(exit.Output);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_elsewhere));
    }

    [Fact]
    public async Task Create_key_makes_a_new_key_that_only_its_owner_can_read()
    {
        var exit = await TokenAsync(["--user", "alice", "--create-key"]);

        Assert.True(exit.ExitCode == 0, exit.ToString());
        Assert.Equal(3, exit.Output.Trim().Split('.').Length);
        var data = Path.Combine(_elsewhere, "data");
        Assert.Equal(FileModes.OwnerOnlyDirectory, FileModes.Of(data));
        Assert.Equal(FileModes.OwnerOnlyFile, FileModes.Of(Path.Combine(data, "jwt-signing.key")));
    }

    public void Dispose() => Directory.Delete(_elsewhere, recursive: true);

    /// <summary>Runs <c>token</c> in a working directory of its own, as someone minting a token from their home directory would.</summary>
    private Task<ServerExit> TokenAsync(string[] args, IReadOnlyDictionary<string, string>? environment = null) =>
        ServerExit.RunAsync(["token", .. args], _elsewhere, environment, Ct);
}
