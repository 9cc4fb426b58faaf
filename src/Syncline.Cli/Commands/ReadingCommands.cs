using System.CommandLine;
using Syncline.Cli.Input;
using Syncline.Cli.Local;
using Syncline.Cli.Output;
using Syncline.Client;

namespace Syncline.Cli.Commands;

/// <summary><c>reading add|list|move|delete</c>: reading sessions, where the user was reading.</summary>
internal static class ReadingCommands
{
    private static readonly Argument<string> Ayah = new("AYAH") { Description = "Where you are reading, SURAH:AYAH (e.g. 18:10)" };
    private static readonly Argument<string> Id = new("ID") { Description = "The reading session's id, as `reading list` shows it" };

    public static Command Build()
    {
        var add = new Command("add", "Start a reading session at an ayah; works offline") { Ayah };
        add.SetAction(AddAsync);
        var list = new Command("list", "List the reading sessions on this device");
        list.SetAction(ListAsync);
        var move = new Command("move", "Move a reading session to the ayah you have read on to") { Id, Ayah };
        move.SetAction(MoveAsync);
        var delete = new Command("delete", "Delete a reading session") { Id };
        delete.SetAction(DeleteAsync);
        return new Command("reading", "Reading sessions: where you were reading") { add, list, move, delete };
    }

    private static async Task<ReadingSession> RequireAsync(CliSession session, string id, CancellationToken ct) =>
        await session.Client.ReadingSessions.GetAsync(session.Ids.Resolve(id), ct)
            ?? throw new BadInputException($"no reading session {id} on this device (ids are in: syncline reading list)");

    private static async Task<int> AddAsync(ParseResult parse, CancellationToken ct)
    {
        var (surah, ayah) = Refs.ParseAyah(parse.GetRequiredValue(Ayah));
        await using var session = await CliSession.OpenAsync(parse, ct);
        var reading = await session.Client.ReadingSessions.AddAsync(surah, ayah, ct);
        // The id is the third word, as for every write: ID=$(syncline reading add 18:10 | cut -d' ' -f3).
        await session.ConfirmAsync($"added reading {reading.Id} ({Texts.Place(reading)})", reading.Status, ct);
        return ExitCodes.Ok;
    }

    private static async Task<int> ListAsync(ParseResult parse, CancellationToken ct)
    {
        await using var session = await CliSession.OpenAsync(parse, ct);
        var sessions = await session.Client.ReadingSessions.ListAsync(ct);
        session.Out.Table(
            ["ID", "Ayah", "Updated", "Status"],
            sessions.Select(r => (IReadOnlyList<string>)[r.Id, Texts.Place(r), Texts.Time(r.UpdatedAt), Texts.Status(r.Status)]),
            "No reading sessions yet: syncline reading add 18:10");
        return ExitCodes.Ok;
    }

    private static async Task<int> MoveAsync(ParseResult parse, CancellationToken ct)
    {
        var (surah, ayah) = Refs.ParseAyah(parse.GetRequiredValue(Ayah));
        await using var session = await CliSession.OpenAsync(parse, ct);
        var reading = await RequireAsync(session, parse.GetRequiredValue(Id), ct);
        var moved = await session.Client.ReadingSessions.MoveAsync(reading.Id, surah, ayah, ct);
        await session.ConfirmAsync($"moved reading {moved.Id} ({Texts.Place(reading)} to {Texts.Place(moved)})", moved.Status, ct);
        return ExitCodes.Ok;
    }

    private static async Task<int> DeleteAsync(ParseResult parse, CancellationToken ct)
    {
        await using var session = await CliSession.OpenAsync(parse, ct);
        var reading = await RequireAsync(session, parse.GetRequiredValue(Id), ct);
        await session.Client.ReadingSessions.DeleteAsync(reading.Id, ct);
        await session.ConfirmAsync($"deleted reading {reading.Id} ({Texts.Place(reading)})", SyncStatus.PendingDelete, ct);
        return ExitCodes.Ok;
    }
}
