using System.Text.Json.Nodes;
using Syncline.Client.Store;
using Syncline.Protocol;
using Syncline.Protocol.Validation;

namespace Syncline.Client;

/// <summary>The user's bookmarks: read locally, written offline, pushed on sync.</summary>
public sealed class Bookmarks
{
    private readonly Resources.LocalWriter _writer;

    internal Bookmarks(Resources.LocalWriter writer) => _writer = writer;

    /// <summary>Every bookmark, oldest first.</summary>
    public Task<IReadOnlyList<Bookmark>> ListAsync(CancellationToken cancellationToken = default) =>
        _writer.ReadAsync<IReadOnlyList<Bookmark>>(
            async (c, ct) => [.. (await c.ListAsync(ResourceNames.Bookmark, ct).ConfigureAwait(false)).Select(ToBookmark)], cancellationToken);

    /// <summary>One bookmark, or null.</summary>
    public Task<Bookmark?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        _writer.ReadAsync(async (c, ct) => await c.VisibleAsync(ResourceNames.Bookmark, id, ct).ConfigureAwait(false) is { } row ? ToBookmark(row) : null, cancellationToken);

    /// <summary>Bookmarks an ayah; returns the existing bookmark when there is one for that ayah and mushaf.</summary>
    public Task<Bookmark> AddAyahAsync(int surah, int ayah, int mushaf = 1, CancellationToken cancellationToken = default) =>
        AddAsync(BookmarkType.Ayah, surah, ayah, mushaf, cancellationToken);

    /// <summary>Adds a bookmark; returns the existing bookmark when there is one for that place and mushaf.</summary>
    public Task<Bookmark> AddAsync(BookmarkType type, int key, int? verseNumber = null, int mushaf = 1, CancellationToken cancellationToken = default)
    {
        var data = new JsonObject { ["type"] = TypeName(type), ["key"] = key, ["mushaf"] = mushaf };
        if (verseNumber is not null)
        {
            data["verseNumber"] = verseNumber;
        }

        var fields = Resources.LocalValidation.Fields(MutationTypes.Create, ResourceNames.Bookmark, null, data);
        return _writer.WriteAsync(async (tx, ct) =>
        {
            var existing = await FindAtAsync(tx.Connection, fields, ct).ConfigureAwait(false);
            return ToBookmark(existing ?? await tx.CreateAsync(ResourceNames.Bookmark, LocalIds.New(), fields, ct).ConfigureAwait(false));
        }, cancellationToken);
    }

    /// <summary>Makes this the reading bookmark, and the previous one not (on this device at once, on the server by the push).</summary>
    public Task<Bookmark> SetReadingAsync(string id, CancellationToken cancellationToken = default) =>
        _writer.WriteAsync(async (tx, ct) =>
        {
            var row = await tx.Connection.RequireAsync(ResourceNames.Bookmark, id, ct).ConfigureAwait(false);
            foreach (var other in await tx.Connection.ListAsync(ResourceNames.Bookmark, ct).ConfigureAwait(false))
            {
                if (other.Id != id && other.Data["isReading"]?.GetValue<bool>() == true)
                {
                    // A change of its own, though the server would clear it as a side effect of this one:
                    // this one may never reach the server (this bookmark deleted before the push folds it
                    // away, or the server refuses it), and the clearing the app saw must not be undone.
                    await tx.UpdateAsync(other, new JsonObject { ["isReading"] = false }, ct).ConfigureAwait(false);
                }
            }

            return ToBookmark(await tx.UpdateAsync(row, new JsonObject { ["isReading"] = true }, ct).ConfigureAwait(false));
        }, cancellationToken);

    /// <summary>Deletes a bookmark, and its place in every collection.</summary>
    public Task DeleteAsync(string id, CancellationToken cancellationToken = default) =>
        _writer.WriteAsync(async (tx, ct) =>
        {
            await tx.DeleteAsync(await tx.Connection.RequireAsync(ResourceNames.Bookmark, id, ct).ConfigureAwait(false), ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);


    internal static Bookmark ToBookmark(LocalResource row) => new(
        row.Id,
        ParseType(row.Data["type"]?.GetValue<string>()),
        row.Data["key"]?.GetValue<int>() ?? 0,
        row.Data["verseNumber"]?.GetValue<int>(),
        row.Data["mushaf"]?.GetValue<int>() ?? 1,
        row.Data["isReading"]?.GetValue<bool>() ?? false,
        row.Status);

    private static Task<LocalResource?> FindAtAsync(Microsoft.Data.Sqlite.SqliteConnection connection, JsonObject fields, CancellationToken ct) =>
        connection.BookmarkAtAsync(BookmarkRules.NaturalKey(fields), ct);

    private static string TypeName(BookmarkType type) => type switch
    {
        BookmarkType.Surah => "surah",
        BookmarkType.Juz => "juz",
        BookmarkType.Page => "page",
        _ => "ayah",
    };

    private static BookmarkType ParseType(string? type) => type switch
    {
        "surah" => BookmarkType.Surah,
        "juz" => BookmarkType.Juz,
        "page" => BookmarkType.Page,
        _ => BookmarkType.Ayah,
    };
}
