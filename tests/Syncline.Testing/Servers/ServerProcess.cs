using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Syncline.Testing.Servers;

/// <summary>The built <c>Syncline.Server</c> as a separate OS process on 127.0.0.1, as an operator runs it.</summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly string[] _settings;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _output = new();
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
        // Drain the pipes so the server never blocks on a full one, keeping what it printed.
        _process.OutputDataReceived += (_, line) => Keep(line.Data);
        _process.ErrorDataReceived += (_, line) => Keep(line.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitHealthyAsync(ct);
    }

    /// <summary>Everything the server printed so far, stdout and stderr, line by line.</summary>
    public IReadOnlyList<string> Output => [.. _output];

    /// <summary>Waits until the server prints a line containing <paramref name="text"/> (its console log is written in the background).</summary>
    public async Task WaitForOutputAsync(string text, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!_output.Any(line => line.Contains(text, StringComparison.Ordinal)))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Server on port {Port} did not print '{text}'; it printed:\n{string.Join('\n', _output)}");
            }

            await Task.Delay(50, ct);
        }
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

    private void Keep(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }

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
