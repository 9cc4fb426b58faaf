using System.CommandLine;
using Spectre.Console;
using Syncline.Cli.Local;
using Syncline.Cli.Output;
using Syncline.Client;

namespace Syncline.Cli.Commands;

/// <summary><c>sync</c> and <c>status</c>.</summary>
internal static class SyncCommands
{
    public static Command BuildSync()
    {
        var sync = new Command("sync", "Pull what the server has, push what waits here; exit code 3 when offline");
        sync.SetAction(SyncAsync);
        return sync;
    }

    public static Command BuildStatus()
    {
        var status = new Command("status", "Server, last sync, cursor, pending and failed counts");
        status.SetAction(StatusAsync);
        return status;
    }

    /// <summary>The line for a sync that pulled everything again, saying why.</summary>
    public static string FullResyncLine(SyncResult result)
    {
        var why = result.ResyncReason switch
        {
            FullResyncReason.ServerChanged => "the server is not the one this device last synced with (another address, or its data was reset)",
            FullResyncReason.AccountChanged => "the login belongs to another account than this device's data; changes made under the old one are in the failed list",
            FullResyncReason.Reset => "syncline reset asked for it",
            _ => "the server no longer keeps the history this device last synced from",
        };
        return result.Offline || result.Error is not null
            ? $"full resync: {why}; pulling everything again (the next sync goes on with it), local changes kept"
            : $"full resync: {why}, so everything was pulled again; local changes kept";
    }

    /// <summary>The line for a sync that did not finish, or null when it did.</summary>
    public static string? Trouble(SyncResult result) =>
        result.Offline ? $"offline, {Texts.Count(result.Pending, "change")} pending"
        : result.Error is { } error ? $"sync stopped: {error}; {Texts.Count(result.Pending, "change")} pending"
        : null;

    private static async Task<int> SyncAsync(ParseResult parse, CancellationToken ct)
    {
        await using var session = await CliSession.OpenAsync(parse, ct);
        session.RequireLogin();
        var result = session.Out.IsRich ? await WithProgressAsync(session, ct) : await session.Client.SyncAsync(ct);
        if (result.FullResync)
        {
            session.Out.Line(FullResyncLine(result));
        }

        if (result.Offline)
        {
            session.Out.Line(Trouble(result)!);
            return ExitCodes.Offline;
        }

        if (result.Error is not null)
        {
            Console.Error.WriteLine($"error: {Trouble(result)}");
            return ExitCodes.Unexpected;
        }

        var summary = $"synced: pulled {result.Pulled}, pushed {result.Pushed}, conflicts {result.Conflicts}, failed {result.Failed}";
        session.Out.Line(result.Pending > 0 ? $"{summary}, {Texts.Count(result.Pending, "change")} still pending" : summary);
        if (result.Failed > 0)
        {
            session.Out.Line("some changes could not be applied: syncline failed list");
        }

        return ExitCodes.Ok;
    }

    /// <summary>A progress bar fed by the SDK's pull progress; it clears itself when the sync ends.</summary>
    private static Task<SyncResult> WithProgressAsync(CliSession session, CancellationToken ct) =>
        session.Out.Console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("syncing").IsIndeterminate();
                void OnState(object? sender, SyncState state) => task.Description = state switch
                {
                    SyncState.Pulling => "pulling",
                    SyncState.Pushing => "pushing",
                    SyncState.BackingOff => "waiting to retry",
                    _ => task.Description,
                };
                void OnProgress(object? sender, SyncProgress progress)
                {
                    task.IsIndeterminate = false;
                    task.MaxValue = Math.Max(1, progress.Total);
                    task.Value = progress.Applied;
                    task.Description = $"{(progress.Phase == SyncPhase.Push ? "pushed" : "pulled")} {progress.Applied} of {progress.Total}";
                }

                session.Client.StateChanged += OnState;
                session.Client.Progress += OnProgress;
                try
                {
                    return await session.Client.SyncAsync(ct);
                }
                finally
                {
                    session.Client.StateChanged -= OnState;
                    session.Client.Progress -= OnProgress;
                }
            });

    private static async Task<int> StatusAsync(ParseResult parse, CancellationToken ct)
    {
        await using var session = await CliSession.OpenAsync(parse, ct);
        var status = await session.Client.GetStatusAsync(ct);
        session.Out.Pairs(
        [
            ("database", session.DatabasePath),
            ("server", session.Login?.Server.ToString() ?? "not logged in: syncline login --server URL --token TOKEN"),
            ("data from", status.Server is null ? "nothing synced yet" : status.Account is { } account ? $"{status.Server} as {account}" : $"{status.Server}"),
            ("online", await OnlineAsync(session, status, ct)),
            ("cursor", $"{status.LastMutationAt}"),
            ("pending", Texts.Count(status.PendingCount, "change")),
            ("failed", status.FailedCount == 0 ? "0" : $"{Texts.Count(status.FailedCount, "change")} (syncline failed list)"),
            ("last sync", status.LastSuccessfulSync is null ? "never" : Texts.Time(status.LastSuccessfulSync)),
            ("last attempt", Texts.Time(status.LastSyncAttempt)),
        ]);
        return ExitCodes.Ok;
    }

    /// <summary>Asks the server (one cheap call, no sync) whether it answers.</summary>
    private static async Task<string> OnlineAsync(CliSession session, SyncStatusSnapshot status, CancellationToken ct)
    {
        if (session.Login is null)
        {
            return "no: not logged in";
        }

        var lastSync = status.LastSuccessfulSync is { } success ? $"last sync {Texts.Time(success)}" : "never synced";
        return await session.Client.CheckServerAsync(ct) ? $"yes ({lastSync})" : $"no: the server does not answer ({lastSync})";
    }
}
