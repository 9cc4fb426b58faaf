using System.CommandLine;
using Syncline.Cli.Input;
using Syncline.Cli.Local;
using Syncline.Cli.Output;
using Syncline.Client;

namespace Syncline.Cli.Commands;

/// <summary><c>note add|list|edit|delete</c>.</summary>
internal static class NoteCommands
{
    private static readonly Argument<string> Ranges = new("RANGES") { Description = "The ayahs it is about: 2:255-2:257, 2:255, or several with commas" };
    private static readonly Argument<string[]> Text = new("TEXT") { Description = "The note (6..10000 characters); quote it, or let the words run on", Arity = ArgumentArity.OneOrMore };
    private static readonly Option<string?> Ayah = new("--ayah") { Description = "Only the notes about this ayah (SURAH:AYAH)" };
    private static readonly Argument<string> Id = new("ID") { Description = "The note's id, as `note list` shows it" };
    private static readonly Option<string?> NewRanges = new("--ranges") { Description = "Replace its ranges too" };

    public static Command Build()
    {
        var add = new Command("add", "Add a note on one or more ayah ranges; works offline") { Ranges, Text };
        add.SetAction(AddAsync);
        var list = new Command("list", "List the notes on this device") { Ayah };
        list.SetAction(ListAsync);
        var edit = new Command("edit", "Replace a note's text (and with --ranges, its ranges)") { Id, Text, NewRanges };
        edit.SetAction(EditAsync);
        var delete = new Command("delete", "Delete a note") { Id };
        delete.SetAction(DeleteAsync);
        return new Command("note", "Notes on ayahs") { add, list, edit, delete };
    }

    private static async Task<Note> RequireAsync(CliSession session, string id, CancellationToken ct) =>
        await session.Client.Notes.GetAsync(session.Ids.Resolve(id), ct)
            ?? throw new BadInputException($"no note {id} on this device (ids are in: syncline note list)");

    private static async Task<int> AddAsync(ParseResult parse, CancellationToken ct)
    {
        var ranges = Refs.ParseRanges(parse.GetRequiredValue(Ranges));
        var body = Refs.NoteBody(parse.GetRequiredValue(Text));
        await using var session = await CliSession.OpenAsync(parse, ct);
        var note = await session.Client.Notes.AddAsync(body, ranges, cancellationToken: ct);
        await session.ConfirmAsync($"added note {note.Id} ({Texts.Ranges(note)})", note.Status, ct);
        return ExitCodes.Ok;
    }

    private static async Task<int> ListAsync(ParseResult parse, CancellationToken ct)
    {
        var ayah = parse.GetValue(Ayah) is { } at ? Refs.ParseAyah(at) : ((int Surah, int Ayah)?)null;
        await using var session = await CliSession.OpenAsync(parse, ct);
        var notes = ayah is var (surah, verse)
            ? await session.Client.Notes.ForAyahAsync(surah, verse, ct)
            : await session.Client.Notes.ListAsync(ct);
        session.Out.Table(
            ["ID", "Ranges", "Text", "Status"],
            notes.Select(n => (IReadOnlyList<string>)[n.Id, Texts.Ranges(n), n.Body, Texts.Status(n.Status)]),
            ayah is null ? "No notes yet: syncline note add 2:255 \"your note\"" : "No notes about that ayah");
        return ExitCodes.Ok;
    }

    private static async Task<int> EditAsync(ParseResult parse, CancellationToken ct)
    {
        var body = Refs.NoteBody(parse.GetRequiredValue(Text));
        var ranges = parse.GetValue(NewRanges) is { } text ? Refs.ParseRanges(text) : null;
        await using var session = await CliSession.OpenAsync(parse, ct);
        var note = await RequireAsync(session, parse.GetRequiredValue(Id), ct);
        var edited = await session.Client.Notes.EditAsync(note.Id, body, ranges, ct);
        await session.ConfirmAsync($"edited note {edited.Id} ({Texts.Ranges(edited)})", edited.Status, ct);
        return ExitCodes.Ok;
    }

    private static async Task<int> DeleteAsync(ParseResult parse, CancellationToken ct)
    {
        await using var session = await CliSession.OpenAsync(parse, ct);
        var note = await RequireAsync(session, parse.GetRequiredValue(Id), ct);
        await session.Client.Notes.DeleteAsync(note.Id, ct);
        await session.ConfirmAsync($"deleted note {note.Id} ({Texts.Ranges(note)})", SyncStatus.PendingDelete, ct);
        return ExitCodes.Ok;
    }
}
