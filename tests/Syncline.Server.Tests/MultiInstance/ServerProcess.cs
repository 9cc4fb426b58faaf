using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Syncline.Server.Tests.MultiInstance;

/// <summary>The built <c>Syncline.Server</c> as a separate OS process on 127.0.0.1, as an operator runs it.</summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly string[] _settings;
    private Process? _process;

    public ServerProcess(int port, params string[] settings)
    {
        Port = port;
        _settings = settings;
    }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task StartAsync(CancellationToken ct)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Syncline.Server.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(BaseAddress.ToString());
        foreach (var setting in _settings)
        {
            start.ArgumentList.Add(setting);
        }

        _process = Process.Start(start)!;
        // Drain the pipes so the server never blocks on a full one.
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitHealthyAsync(ct);
    }

    /// <summary>SIGKILL: no shutdown, no flushing, mid-request.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    public ValueTask DisposeAsync() => new(KillAsync());

    private async Task WaitHealthyAsync(CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"Server on port {Port} exited with {_process.ExitCode}");
            }

            try
            {
                using var response = await http.GetAsync("/health", ct);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
            }

            await Task.Delay(100, ct);
        }

        throw new TimeoutException($"Server on port {Port} did not become healthy");
    }
}
