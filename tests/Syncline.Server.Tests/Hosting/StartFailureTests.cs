using System.Net;
using System.Net.Sockets;
using Syncline.Server.Tests.Support;

namespace Syncline.Server.Tests.Hosting;

/// <summary>
/// A start that cannot go on ends at once with one line on stderr and a non-zero exit code,
/// never with a stack trace or a server that answers 500 to everything.
/// </summary>
public sealed class StartFailureTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "syncline-tests", Guid.NewGuid().ToString("N"));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Http_authority_stops_the_start_with_one_line_naming_the_setting_and_exit_2()
    {
        var exit = await StartAsync("--Syncline:Auth:Mode=OpenIdConnect", "--Syncline:Auth:Authority=http://127.0.0.1:1/realms/syncline");

        Assert.True(exit.ExitCode == 2, exit.ToString());
        var line = Assert.Single(exit.ErrorLines);
        Assert.Contains("Syncline:Auth:Authority must use https", line, StringComparison.Ordinal);
        Assert.Contains("Syncline:Auth:RequireHttpsMetadata=false", line, StringComparison.Ordinal);
        Assert.False(exit.HasStackTrace, exit.ToString());
    }

    [Theory]
    [InlineData("--Syncline:Auth:Authority=", "Syncline:Auth:Authority is required")]
    [InlineData("--Syncline:Auth:Authority=auth.example.com", "Syncline:Auth:Authority must be an absolute https URL")]
    [InlineData("--Syncline:Auth:Authority=ftp://auth.example.com/", "Syncline:Auth:Authority must be an absolute https URL")]
    public async Task Invalid_authority_stops_the_start_with_one_line_and_exit_2(string setting, string message)
    {
        var exit = await StartAsync("--Syncline:Auth:Mode=OpenIdConnect", setting);

        Assert.True(exit.ExitCode == 2, exit.ToString());
        Assert.Contains(message, Assert.Single(exit.ErrorLines), StringComparison.Ordinal);
        Assert.False(exit.HasStackTrace, exit.ToString());
    }

    [Fact]
    public async Task Empty_audience_stops_the_start_with_one_line_and_exit_2()
    {
        var exit = await StartAsync("--Syncline:Auth:Mode=OpenIdConnect", "--Syncline:Auth:Authority=https://auth.example.com/", "--Syncline:Auth:Audience=");

        Assert.True(exit.ExitCode == 2, exit.ToString());
        Assert.Contains("Syncline:Auth:Audience", Assert.Single(exit.ErrorLines), StringComparison.Ordinal);
        Assert.False(exit.HasStackTrace, exit.ToString());
    }

    [Fact]
    public async Task Port_in_use_stops_the_start_with_one_line_naming_urls_and_exit_1()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;

        var exit = await StartAsync("--urls", $"http://127.0.0.1:{port}");

        Assert.True(exit.ExitCode == 1, exit.ToString());
        var line = Assert.Single(exit.ErrorLines);
        Assert.Contains($"127.0.0.1:{port}", line, StringComparison.Ordinal);
        Assert.Contains("address already in use", line, StringComparison.Ordinal);
        Assert.Contains("--urls", line, StringComparison.Ordinal);
        Assert.False(exit.HasStackTrace, exit.ToString());
        Assert.DoesNotContain("fail:", exit.Output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    /// <summary>Starts the server on a port of its choosing unless <paramref name="settings"/> name one.</summary>
    private Task<ServerExit> StartAsync(params string[] settings) => ServerExit.RunAsync(
        [.. settings.Contains("--urls") ? [] : (string[])["--urls", "http://127.0.0.1:0"], $"--Syncline:DataDirectory={_dataDirectory}", .. settings],
        ct: Ct);
}
