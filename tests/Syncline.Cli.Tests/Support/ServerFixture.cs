using System.Diagnostics;
using Syncline.Testing.Servers;

namespace Syncline.Cli.Tests.Support;

/// <summary>
/// One real server process on a free 127.0.0.1 port with its own data directory, for a test class;
/// each test uses its own user, with a token from the server's own <c>token</c> command.
/// </summary>
public sealed class ServerFixture : IAsyncLifetime
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("syncline-cli-server-").FullName;
    private ServerProcess? _server;

    public Uri Address => _server!.BaseAddress;

    public async ValueTask InitializeAsync()
    {
        _server = new ServerProcess(ServerProcess.FreePort(), $"--Syncline:DataDirectory={_dataDirectory}", "--Syncline:RateLimit:PermitsPerSecond=0");
        await _server.StartAsync(TestContext.Current.CancellationToken);
    }

    /// <summary><c>dotnet Syncline.Server.dll token --user USER</c>, as the README does.</summary>
    public async Task<string> TokenAsync(string user, string? scopes = null)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])[Path.Combine(AppContext.BaseDirectory, "Syncline.Server.dll"), "token", "--user", user, $"--Syncline:DataDirectory={_dataDirectory}"])
        {
            start.ArgumentList.Add(argument);
        }

        if (scopes is not null)
        {
            start.ArgumentList.Add("--scopes");
            start.ArgumentList.Add(scopes);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(process.ExitCode == 0, await error);
        return (await output).Trim();
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Directory.Delete(_dataDirectory, recursive: true);
    }
}
