using System.CommandLine;
using Syncline.Cli.Input;
using Syncline.Cli.Local;
using Syncline.Cli.Output;
using Syncline.Client;

namespace Syncline.Cli.Commands;

/// <summary><c>bookmark add|list|remove|reading</c>.</summary>
internal static class BookmarkCommands
{
    private static readonly Argument<string?> Ayah = new("AYAH") { Description = "The ayah, SURAH:AYAH (e.g. 2:255)", Arity = ArgumentArity.ZeroOrOne };
    private static readonly Option<int?> Surah = new("--surah") { Description = "Bookmark a whole surah instead (1..114)" };
    private static readonly Option<int?> Juz = new("--juz") { Description = "Bookmark a juz instead (1..30)" };
    private static readonly Option<int?> Page = new("--page") { Description = "Bookmark a page instead" };
    private static readonly Option<int> Mushaf = CommonOptions.Mushaf();
    private static readonly Argument<string> Id = new("ID") { Description = "The bookmark's id, as `bookmark list` shows it" };
    private static readonly Argument<string?> ReadingAt = new("AYAH_OR_ID") { Description = "An ayah (SURAH:AYAH) or a bookmark id; none shows the reading bookmark", Arity = ArgumentArity.ZeroOrOne };
    private static readonly Option<int> ReadingMushaf = CommonOptions.Mushaf();

    public static Command Build()
    {
        var add = new Command("add", "Bookmark an ayah (or --surah, --juz, --page); works offline") { Ayah, Surah, Juz, Page, Mushaf };
        add.SetAction(AddAsync);
        var list = new Command("list", "List the bookmarks on this device");
        list.SetAction(ListAsync);
        var remove = new Command("remove", "Remove a bookmark (and its place in every collection)") { Id };
        remove.SetAction(RemoveAsync);
        var reading = new Command("reading", "Mark where you are reading (one reading bookmark), or show it") { ReadingAt, ReadingMushaf };
        reading.SetAction(ReadingAsync);
        return new Command("bookmark", "Bookmarks of ayahs, surahs, juz and pages") { add, list, remove, reading };
    }

    /// <summary>The bookmark with this id (a local id renamed by a sync is followed), or a bad-input error.</summary>
    public static async Task<Bookmark> RequireAsync(CliSession session, string id, CancellationToken ct) =>
        await session.Client.Bookmarks.GetAsync(session.Ids.Resolve(id), ct)
            ?? throw new BadInputException($"no bookmark {id} on this device (ids are in: syncline bookmark list)");

    private static async Task<int> AddAsync(ParseResult parse, CancellationToken ct)
    {
        var (type, key, verse) = Place(parse);
        var mushaf = parse.GetMushaf(Mushaf);
        await using var session = await CliSession.OpenAsync(parse, ct);
        var existed = (await session.Client.Bookmarks.ListAsync(ct)).Any(b => (b.Type, b.Key, b.VerseNumber, b.Mushaf) == (type, key, verse, mushaf));
        var bookmark = await session.Client.Bookmarks.AddAsync(type, key, verse, mushaf, ct);
        await session.ConfirmAsync(
            // The id is the third word either way, for scripts: ID=$(syncline bookmark add 2:255 | cut -d' ' -f3).
            existed ? $"found bookmark {bookmark.Id} ({Texts.Describe(bookmark)}), already bookmarked" : $"added bookmark {bookmark.Id} ({Texts.Describe(bookmark)})",
            bookmark.Status,
            ct);
        return ExitCodes.Ok;
    }

    private static async Task<int> ListAsync(ParseResult parse, CancellationToken ct)
    {
        await using var session = await CliSession.OpenAsync(parse, ct);
        var bookmarks = await session.Client.Bookmarks.ListAsync(ct);
        session.Out.Table(
            ["ID", "Place", "Mushaf", "Reading", "Status"],
            bookmarks.Select(b => (IReadOnlyList<string>)[b.Id, Texts.Place(b), $"{b.Mushaf}", b.IsReading ? "yes" : "", Texts.Status(b.Status)]),
            "No bookmarks yet: syncline bookmark add 2:255");
        return ExitCodes.Ok;
    }

    private static async Task<int> RemoveAsync(ParseResult parse, CancellationToken ct)
    {
        await using var session = await CliSession.OpenAsync(parse, ct);
        var bookmark = await RequireAsync(session, parse.GetRequiredValue(Id), ct);
        await session.Client.Bookmarks.DeleteAsync(bookmark.Id, ct);
        await session.ConfirmAsync($"removed bookmark {bookmark.Id} ({Texts.Describe(bookmark)})", SyncStatus.PendingDelete, ct);
        return ExitCodes.Ok;
    }

    private static async Task<int> ReadingAsync(ParseResult parse, CancellationToken ct)
    {
        var at = parse.GetValue(ReadingAt);
        var mushaf = parse.GetMushaf(ReadingMushaf);
        var ayah = at is not null && Refs.LooksLikeAyah(at) ? Refs.ParseAyah(at) : ((int, int)?)null;
        await using var session = await CliSession.OpenAsync(parse, ct);
        if (at is null)
        {
            var current = (await session.Client.Bookmarks.ListAsync(ct)).FirstOrDefault(b => b.IsReading);
            session.Out.Line(current is null
                ? "no reading bookmark yet: syncline bookmark reading 2:255"
                : $"reading at {Texts.Describe(current)}: bookmark {current.Id}, {Texts.Status(current.Status)}");
            return ExitCodes.Ok;
        }

        var bookmark = ayah is var (surah, verse)
            ? await session.Client.Bookmarks.AddAyahAsync(surah, verse, mushaf, ct)
            : await RequireAsync(session, at, ct);
        var reading = await session.Client.Bookmarks.SetReadingAsync(bookmark.Id, ct);
        await session.ConfirmAsync($"reading bookmark {reading.Id} ({Texts.Describe(reading)})", reading.Status, ct);
        return ExitCodes.Ok;
    }

    private static (BookmarkType Type, int Key, int? Verse) Place(ParseResult parse)
    {
        var ayah = parse.GetValue(Ayah);
        var surah = parse.GetValue(Surah);
        var juz = parse.GetValue(Juz);
        var page = parse.GetValue(Page);
        var given = (ayah is null ? 0 : 1) + (surah is null ? 0 : 1) + (juz is null ? 0 : 1) + (page is null ? 0 : 1);
        if (given != 1)
        {
            throw new BadInputException("say what to bookmark, once: an ayah (2:255), --surah N, --juz N or --page N");
        }

        if (ayah is not null)
        {
            var (s, a) = Refs.ParseAyah(ayah);
            return (BookmarkType.Ayah, s, a);
        }

        if (surah is { } surahNumber)
        {
            Refs.CheckSurah(surahNumber);
            return (BookmarkType.Surah, surahNumber, null);
        }

        if (juz is { } juzNumber)
        {
            Refs.CheckJuz(juzNumber);
            return (BookmarkType.Juz, juzNumber, null);
        }

        Refs.CheckPage(page!.Value);
        return (BookmarkType.Page, page.Value, null);
    }
}
