using System.CommandLine;
using System.Globalization;
using Syncline.Cli.Local;
using Syncline.Cli.Output;

namespace Syncline.Cli.Commands;

/// <summary><c>failed list|retry ID|discard ID</c>: changes the server refused for good, or that lost a conflict.</summary>
internal static class FailedCommands
{
    private static readonly Argument<string> Id = new("ID") { Description = "The failed change's number, as `failed list` shows it" };

    public static Command Build()
    {
        var list = new Command("list", "List the changes that could not be applied, with the reason");
        list.SetAction(ListAsync);
        var retry = new Command("retry", "Queue a failed change again, for the next sync") { Id };
        retry.SetAction(RetryAsync);
        var discard = new Command("discard", "Drop a failed change; the record goes back to the server's version") { Id };
        discard.SetAction(DiscardAsync);
        return new Command("failed", "Changes that could not be applied: retry or discard them") { list, retry, discard };
    }

    private static async Task<int> ListAsync(ParseResult parse, CancellationToken ct)
    {
        await using var session = await CliSession.OpenAsync(parse, ct);
        var failed = await session.Client.Failed.ListAsync(ct);
        session.Out.Table(
            ["ID", "Change", "Record ID", "Reason", "Failed at"],
            failed.Select(f => (IReadOnlyList<string>)[
                f.Id.ToString(CultureInfo.InvariantCulture), $"{f.Type} {f.Resource}", f.ResourceId, f.Reason, Texts.Time(f.FailedAt)]),
            "No failed changes");
        return ExitCodes.Ok;
    }

    private static async Task<int> RetryAsync(ParseResult parse, CancellationToken ct)
    {
        var id = Number(parse);
        await using var session = await CliSession.OpenAsync(parse, ct);
        await session.Client.Failed.RetryAsync(id, ct);
        await session.ConfirmAsync($"queued failed change {id} again", Client.SyncStatus.PendingUpdate, ct);
        return ExitCodes.Ok;
    }

    private static async Task<int> DiscardAsync(ParseResult parse, CancellationToken ct)
    {
        var id = Number(parse);
        await using var session = await CliSession.OpenAsync(parse, ct);
        await session.Client.Failed.DiscardAsync(id, ct);
        await session.ConfirmAsync($"discarded failed change {id}; its record is back to the server's version", Client.SyncStatus.Synced, ct);
        return ExitCodes.Ok;
    }

    private static long Number(ParseResult parse)
    {
        var text = parse.GetRequiredValue(Id);
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : throw new BadInputException($"'{text}' is not a failed change's number (see: syncline failed list)");
    }
}
