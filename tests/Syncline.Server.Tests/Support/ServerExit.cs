using System.Diagnostics;

namespace Syncline.Server.Tests.Support;

/// <summary>The built <c>Syncline.Server</c> run as an operator runs it, to its end: a start that fails, or the <c>token</c> command.</summary>
internal sealed record ServerExit(int ExitCode, string Output, string Error)
{
    /// <summary>The lines on stderr.</summary>
    public IReadOnlyList<string> ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Whether anything printed looks like a .NET stack frame or an unhandled exception.</summary>
    public bool HasStackTrace =>
        $"{Output}\n{Error}".Split('\n').Any(line => line.TrimStart().StartsWith("at ", StringComparison.Ordinal))
        || Error.Contains("Unhandled exception", StringComparison.Ordinal);

    public static async Task<ServerExit> RunAsync(
        IEnumerable<string> args, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null, CancellationToken ct = default)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Directory.GetCurrentDirectory(),
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Syncline.Server.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"Syncline.Server {string.Join(' ', start.ArgumentList.Skip(1))} was still running after 60 s");
        }

        return new ServerExit(process.ExitCode, await output, await error);
    }

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
}
