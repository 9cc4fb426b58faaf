using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using Syncline.Cli.Local;
using Syncline.Client;

namespace Syncline.Cli.Commands;

/// <summary>
/// <c>export --json</c>: every record on this device with its fields and sync status, sorted by resource
/// then id, and nothing that differs between devices that hold the same data (no local times), so two
/// synced devices print the same bytes.
/// </summary>
internal static class ExportCommand
{
    private static readonly Option<bool> Json = new("--json") { Description = "As JSON (the one format there is)" };

    private static readonly JsonSerializerOptions Options = new(CliJsonContext.Default.Options)
    {
        // Notes are people's words, in any script: keep them readable rather than \u-escaped.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static Command Build()
    {
        var export = new Command("export", "Print the whole local state, for scripts") { Json };
        export.SetAction(RunAsync);
        return export;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken ct)
    {
        if (!parse.GetValue(Json))
        {
            throw new BadInputException("say the format: syncline export --json");
        }

        await using var session = await CliSession.OpenAsync(parse, ct);
        var client = session.Client;
        var document = new ExportDocument(
            [.. (await client.Bookmarks.ListAsync(ct)).OrderBy(b => b.Id, StringComparer.Ordinal)
                .Select(b => new ExportBookmark(b.Id, b.Type.ToString().ToLowerInvariant(), b.Key, b.VerseNumber, b.Mushaf, b.IsReading, Status(b.Status)))],
            [.. (await client.Collections.ListAsync(ct)).OrderBy(c => c.Id, StringComparer.Ordinal)
                .Select(c => new ExportCollection(c.Id, c.Name, c.IsPrivate, c.IsDefault, Status(c.Status)))],
            [.. (await client.CollectionBookmarks.ListAsync(cancellationToken: ct)).OrderBy(l => l.CollectionId, StringComparer.Ordinal).ThenBy(l => l.BookmarkId, StringComparer.Ordinal)
                .Select(l => new ExportLink(l.CollectionId, l.BookmarkId, Status(l.Status)))],
            [.. (await client.Notes.ListAsync(ct)).OrderBy(n => n.Id, StringComparer.Ordinal)
                .Select(n => new ExportNote(n.Id, n.Body, n.Ranges, n.SaveToQR, Status(n.Status)))],
            [.. (await client.ReadingSessions.ListAsync(ct)).OrderBy(r => r.Id, StringComparer.Ordinal)
                .Select(r => new ExportReadingSession(r.Id, r.ChapterNumber, r.VerseNumber, r.UpdatedAt, Status(r.Status)))]);
        Console.Out.WriteLine(JsonSerializer.Serialize(document, Options.GetTypeInfo(typeof(ExportDocument))));
        return ExitCodes.Ok;
    }

    private static string Status(SyncStatus status) => status switch
    {
        SyncStatus.Synced => "synced",
        SyncStatus.PendingCreate => "pendingCreate",
        SyncStatus.PendingUpdate => "pendingUpdate",
        _ => "pendingDelete",
    };
}

/// <summary>The export: one list per resource.</summary>
internal sealed record ExportDocument(
    IReadOnlyList<ExportBookmark> Bookmarks, IReadOnlyList<ExportCollection> Collections, IReadOnlyList<ExportLink> CollectionBookmarks, IReadOnlyList<ExportNote> Notes,
    IReadOnlyList<ExportReadingSession> ReadingSessions);

internal sealed record ExportBookmark(string Id, string Type, int Key, int? VerseNumber, int Mushaf, bool IsReading, string SyncStatus);

internal sealed record ExportCollection(string Id, string Name, bool IsPrivate, bool IsDefault, string SyncStatus);

internal sealed record ExportLink(string CollectionId, string BookmarkId, string SyncStatus);

internal sealed record ExportNote(string Id, string Body, IReadOnlyList<string> Ranges, bool SaveToQR, string SyncStatus);

// UpdatedAt is the data's clientUpdatedAt, the same on every device once synced: not a local time.
internal sealed record ExportReadingSession(string Id, int ChapterNumber, int VerseNumber, DateTimeOffset? UpdatedAt, string SyncStatus);
