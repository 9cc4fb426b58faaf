using Syncline.Client;

namespace Syncline.Cli;

/// <summary>Turns an exception into one line on stderr and an exit code. A stack trace only with <c>SYNCLINE_DEBUG=1</c>.</summary>
internal static class Failure
{
    public static int Report(Exception exception, CancellationToken cancellation = default)
    {
        var (message, code) = exception switch
        {
            BadInputException or SynclineValidationException or SynclineNotFoundException => (exception.Message, ExitCodes.BadInput),
            SynclineAuthenticationException => ($"{exception.Message}; log in again with a fresh token: syncline login --server URL --token TOKEN", ExitCodes.BadInput),
            OperationCanceledException when cancellation.IsCancellationRequested => ("interrupted", ExitCodes.Interrupted),
            _ => (exception.Message, ExitCodes.Unexpected),
        };

        Console.Error.WriteLine($"error: {Sentence(message)}");
        if (code == ExitCodes.Unexpected && Environment.GetEnvironmentVariable("SYNCLINE_DEBUG") == "1")
        {
            Console.Error.WriteLine(exception);
        }

        return code;
    }

    /// <summary>One line, starting lower case ("No bookmark x" becomes "no bookmark x"), without a final period.</summary>
    private static string Sentence(string message)
    {
        var line = message.ReplaceLineEndings(" ").Trim().TrimEnd('.');
        return line.Length > 1 && char.IsUpper(line[0]) && char.IsLower(line[1]) ? char.ToLowerInvariant(line[0]) + line[1..] : line;
    }
}
