using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Syncline.Server.Auth;

namespace Syncline.Benchmarks;

/// <summary>
/// The built server as its own process on 127.0.0.1 (SQLite in a temporary directory, rate limit
/// off), so a client workload's memory figures are the client's alone.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly LocalTokenIssuer _tokens;

    private ServerProcess(Process process, Uri baseAddress, string dataDirectory)
    {
        _process = process;
        BaseAddress = baseAddress;
        DataDirectory = dataDirectory;
        _tokens = new LocalTokenIssuer(LocalSigningKey.LoadOrCreate(dataDirectory), "syncline-local", "syncline", TimeProvider.System);
    }

    public Uri BaseAddress { get; }

    public string DataDirectory { get; }

    /// <summary>The server's process id, to read its memory from <c>/proc</c>.</summary>
    public int ProcessId => _process.Id;

    /// <summary>
    /// Starts the server built beside this program, or the one at <paramref name="serverDll"/> (another
    /// build, e.g. of an earlier commit, for a before/after figure), with <paramref name="settings"/> added.
    /// </summary>
    public static async Task<ServerProcess> StartAsync(CancellationToken ct, string? serverDll = null, params string[] settings)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "syncline-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        string[] arguments =
        [
            serverDll ?? Path.Combine(AppContext.BaseDirectory, "Syncline.Server.dll"), "--urls", $"http://127.0.0.1:{port}",
            $"--Syncline:DataDirectory={dataDirectory}", "--Syncline:RateLimit:PermitsPerSecond=0", "--Logging:LogLevel:Default=Warning",
            .. settings,
        ];
        foreach (var arg in arguments)
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServerProcess(process, new Uri($"http://127.0.0.1:{port}/"), dataDirectory);
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        for (var i = 0; i < 300; i++)
        {
            try
            {
                if ((await http.GetAsync(new Uri("health", UriKind.Relative), ct)).IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100, ct);
        }

        await server.DisposeAsync();
        throw new TimeoutException("the server process did not become healthy");
    }

    public string Token(string userId) => _tokens.Mint(userId, BenchServer.AllScopes, TimeSpan.FromHours(1));

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
