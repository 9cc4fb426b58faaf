using System.CommandLine;
using System.Globalization;
using Syncline.Cli.Local;

namespace Syncline.Cli.Commands;

/// <summary><c>watch [--interval SECONDS]</c>: syncs in the background until Ctrl+C, printing what arrives.</summary>
internal static class WatchCommand
{
    private static readonly Option<double> Interval = new("--interval")
    {
        Description = "Seconds between polls of the server while idle",
        DefaultValueFactory = _ => 2,
    };

    public static Command Build()
    {
        var watch = new Command("watch", "Sync in the background until Ctrl+C, printing each change that arrives") { Interval };
        watch.SetAction(RunAsync);
        return watch;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken ct)
    {
        var seconds = parse.GetValue(Interval);
        if (seconds is < 0.1 or > 86400 || double.IsNaN(seconds))
        {
            throw new BadInputException("--interval is in seconds, from 0.1 to 86400");
        }

        await using var session = await CliSession.OpenAsync(parse, ct, o => o.PollInterval = TimeSpan.FromSeconds(seconds));
        var login = session.RequireLogin();
        session.Out.Line($"watching {login.Server} every {seconds.ToString(CultureInfo.InvariantCulture)}s for {session.DatabasePath}; Ctrl+C to stop");
        await new Watcher(session).RunAsync(ct);
        session.Out.Line("stopped watching");
        return ExitCodes.Ok;
    }
}
