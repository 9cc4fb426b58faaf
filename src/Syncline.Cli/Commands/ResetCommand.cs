using System.CommandLine;
using Syncline.Cli.Local;
using Syncline.Cli.Output;

namespace Syncline.Cli.Commands;

/// <summary>
/// <c>reset --keep-pending</c>: drop what came from the server and the cursor, keep queued and failed changes; the next
/// sync pulls everything. <c>reset --yes</c>: delete everything on this device. The login stays in both.
/// </summary>
internal static class ResetCommand
{
    private static readonly Option<bool> KeepPending = new("--keep-pending")
    {
        Description = "Keep the changes waiting for a sync and the failed list; drop only what came from the server",
    };

    private static readonly Option<bool> Yes = new("--yes") { Description = "Delete everything on this device, changes not yet synced included" };

    public static Command Build()
    {
        var command = new Command("reset", "Start this device over: the next sync pulls everything from the server (for a server whose data was reset, or another account)")
        {
            KeepPending,
            Yes,
        };
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken ct)
    {
        var keepPending = parse.GetValue(KeepPending);
        if (keepPending && parse.GetValue(Yes))
        {
            throw new BadInputException("--keep-pending and --yes ask for different resets: give one");
        }

        await using var session = await CliSession.OpenAsync(parse, ct);
        var status = await session.Client.GetStatusAsync(ct);
        var unsynced = $"{Texts.Count(status.PendingCount, "pending change")} and {Texts.Count(status.FailedCount, "failed change")}";
        if (keepPending)
        {
            await session.Client.ResetSyncedDataAsync(ct);
            session.Out.Line($"reset: dropped what came from the server and the cursor; kept {unsynced}; the next sync pulls everything");
            return ExitCodes.Ok;
        }

        if (!parse.GetValue(Yes))
        {
            // No prompt: the app is scripted as often as typed, and a question would hang a script.
            throw new BadInputException(
                $"reset deletes everything on this device, {unsynced} included: run syncline reset --yes to do it, or syncline reset --keep-pending to keep them");
        }

        await session.Client.ResetAllAsync(ct);
        // The local ids the aliases name are gone with their records.
        File.Delete(session.Ids.FilePath);
        var login = session.Login is { } l ? $"; still logged in to {l.Server}" : string.Empty;
        session.Out.Line($"reset: deleted everything on this device ({unsynced} among it){login}; the next sync pulls everything");
        return ExitCodes.Ok;
    }
}
