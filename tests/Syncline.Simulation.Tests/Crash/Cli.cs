using System.Diagnostics;

namespace Syncline.Simulation.Tests.Crash;

/// <summary>What one run of <c>syncline</c> printed and returned.</summary>
internal sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>The id a write prints third: "added bookmark ID (...)", "created collection ID (...)".</summary>
    public string WrittenId => Stdout.Split(' ')[2];

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}

/// <summary>
/// The built CLI (copied to <c>syncline/</c> beside the tests) on one database file, run as a person
/// runs it, <c>dotnet Syncline.Cli.dll --db DB ARGS</c>, or started to be killed (adapted from the CLI tests).
/// </summary>
internal sealed class Cli(string databasePath)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    public string DatabasePath => databasePath;

    /// <summary>Runs a command that must succeed (exit 0).</summary>
    public async Task<CliResult> OkAsync(params string[] args)
    {
        var result = await RunAsync(args);
        Assert.True(result.ExitCode == 0, $"syncline {string.Join(' ', args)}: {result}");
        return result;
    }

    public async Task<CliResult> RunAsync(params string[] args)
    {
        using var run = Start(args);
        return await run.WaitAsync(Timeout);
    }

    /// <summary>Starts <c>syncline --db DB ARGS</c> and returns at once.</summary>
    public CliRun Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "syncline", "Syncline.Cli.dll"));
        start.ArgumentList.Add("--db");
        start.ArgumentList.Add(databasePath);
        foreach (var argument in args)
        {
            start.ArgumentList.Add(argument);
        }

        // The database is named with --db; a developer's own setting must not leak in.
        start.Environment.Remove("SYNCLINE_DB");
        return new CliRun(Process.Start(start)!, string.Join(' ', args));
    }
}

/// <summary>A running <c>syncline</c> process, with its output read as it comes so it never blocks on a full pipe.</summary>
internal sealed class CliRun : IDisposable
{
    private readonly Process _process;
    private readonly string _command;
    private readonly Task<string> _stdout;
    private readonly Task<string> _stderr;

    public CliRun(Process process, string command)
    {
        _process = process;
        _command = command;
        _process.StandardInput.Close();
        _stdout = _process.StandardOutput.ReadToEndAsync();
        _stderr = _process.StandardError.ReadToEndAsync();
    }

    public bool HasExited => _process.HasExited;

    public async Task<CliResult> WaitAsync(TimeSpan timeout)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        bound.CancelAfter(timeout);
        try
        {
            await _process.WaitForExitAsync(bound.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"syncline {_command} did not end within {timeout}");
        }

        return new CliResult(_process.ExitCode, await _stdout, await _stderr);
    }

    /// <summary>SIGKILL, as a crash or a closed laptop lid does: no cleanup, whatever it was doing. True when it was still running.</summary>
    public async Task<bool> KillAsync()
    {
        var running = !_process.HasExited;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        return running;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
