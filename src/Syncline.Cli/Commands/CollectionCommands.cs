using System.CommandLine;
using Syncline.Cli.Input;
using Syncline.Cli.Local;
using Syncline.Cli.Output;
using Syncline.Client;
using Syncline.Protocol.Validation;

namespace Syncline.Cli.Commands;

/// <summary><c>collection create|list|rename|delete|add|remove|show</c>.</summary>
internal static class CollectionCommands
{
    private static readonly Argument<string> Name = new("NAME") { Description = "The collection's name (1..255 characters)" };
    private static readonly Argument<string> Id = new("ID") { Description = "The collection's id, as `collection list` shows it (__default__ is Favorites)" };
    private static readonly Argument<string> BookmarkId = new("BOOKMARK_ID") { Description = "The bookmark's id, as `bookmark list` shows it" };
    private static readonly Option<bool> Public = new("--public") { Description = "Make it public (collections are private by default)" };

    public static Command Build()
    {
        var create = new Command("create", "Create a collection; works offline") { Name, Public };
        create.SetAction(CreateAsync);
        var list = new Command("list", "List the collections on this device");
        list.SetAction(ListAsync);
        var rename = new Command("rename", "Rename a collection") { Id, Name };
        rename.SetAction(RenameAsync);
        var delete = new Command("delete", "Delete a collection (its bookmarks stay)") { Id };
        delete.SetAction(DeleteAsync);
        var add = new Command("add", "Put a bookmark in a collection") { Id, BookmarkId };
        add.SetAction(AddAsync);
        var remove = new Command("remove", "Take a bookmark out of a collection") { Id, BookmarkId };
        remove.SetAction(RemoveAsync);
        var show = new Command("show", "Show a collection and its bookmarks") { Id };
        show.SetAction(ShowAsync);
        return new Command("collection", "Collections of bookmarks") { create, list, rename, delete, add, remove, show };
    }

    private static async Task<Collection> RequireAsync(CliSession session, string id, CancellationToken ct) =>
        await session.Client.Collections.GetAsync(session.Ids.Resolve(id), ct)
            ?? throw new BadInputException($"no collection {id} on this device (ids are in: syncline collection list)");

    private static async Task<int> CreateAsync(ParseResult parse, CancellationToken ct)
    {
        var name = Refs.CollectionName(parse.GetRequiredValue(Name));
        await using var session = await CliSession.OpenAsync(parse, ct);
        var collection = await session.Client.Collections.CreateAsync(name, isPrivate: !parse.GetValue(Public), ct);
        await session.ConfirmAsync($"created collection {collection.Id} ({Texts.Quote(collection.Name)})", collection.Status, ct);
        return ExitCodes.Ok;
    }

    private static async Task<int> ListAsync(ParseResult parse, CancellationToken ct)
    {
        await using var session = await CliSession.OpenAsync(parse, ct);
        var collections = await session.Client.Collections.ListAsync(ct);
        var sizes = (await session.Client.CollectionBookmarks.ListAsync(cancellationToken: ct)).CountBy(l => l.CollectionId).ToDictionary();
        session.Out.Table(
            ["ID", "Name", "Bookmarks", "Private", "Status"],
            collections.Select(c => (IReadOnlyList<string>)[c.Id, c.Name, $"{sizes.GetValueOrDefault(c.Id)}", c.IsPrivate ? "yes" : "no", Texts.Status(c.Status)]),
            "No collections yet: syncline collection create NAME");
        return ExitCodes.Ok;
    }

    private static async Task<int> RenameAsync(ParseResult parse, CancellationToken ct)
    {
        var name = Refs.CollectionName(parse.GetRequiredValue(Name));
        await using var session = await CliSession.OpenAsync(parse, ct);
        var collection = await RequireAsync(session, parse.GetRequiredValue(Id), ct);
        var renamed = await session.Client.Collections.RenameAsync(collection.Id, name, ct);
        await session.ConfirmAsync($"renamed collection {renamed.Id} to {Texts.Quote(renamed.Name)}", renamed.Status, ct);
        return ExitCodes.Ok;
    }

    private static async Task<int> DeleteAsync(ParseResult parse, CancellationToken ct)
    {
        await using var session = await CliSession.OpenAsync(parse, ct);
        var collection = await RequireAsync(session, parse.GetRequiredValue(Id), ct);
        await session.Client.Collections.DeleteAsync(collection.Id, ct);
        await session.ConfirmAsync($"deleted collection {collection.Id} ({Texts.Quote(collection.Name)})", SyncStatus.PendingDelete, ct);
        return ExitCodes.Ok;
    }

    private static async Task<int> AddAsync(ParseResult parse, CancellationToken ct)
    {
        await using var session = await CliSession.OpenAsync(parse, ct);
        var collectionId = await CollectionIdAsync(session, parse.GetRequiredValue(Id), ct);
        var bookmark = await BookmarkCommands.RequireAsync(session, parse.GetRequiredValue(BookmarkId), ct);
        var link = await session.Client.CollectionBookmarks.AddAsync(collectionId, bookmark.Id, ct);
        await session.ConfirmAsync($"added bookmark {bookmark.Id} ({Texts.Describe(bookmark)}) to collection {collectionId}", link.Status, ct);
        return ExitCodes.Ok;
    }

    private static async Task<int> RemoveAsync(ParseResult parse, CancellationToken ct)
    {
        await using var session = await CliSession.OpenAsync(parse, ct);
        var collectionId = await CollectionIdAsync(session, parse.GetRequiredValue(Id), ct);
        var bookmarkId = session.Ids.Resolve(parse.GetRequiredValue(BookmarkId));
        if (!(await session.Client.CollectionBookmarks.ListAsync(collectionId, ct)).Any(l => l.BookmarkId == bookmarkId))
        {
            throw new BadInputException($"bookmark {parse.GetRequiredValue(BookmarkId)} is not in collection {parse.GetRequiredValue(Id)} (see: syncline collection show {parse.GetRequiredValue(Id)})");
        }

        await session.Client.CollectionBookmarks.RemoveAsync(collectionId, bookmarkId, ct);
        await session.ConfirmAsync($"removed bookmark {bookmarkId} from collection {collectionId}", SyncStatus.PendingDelete, ct);
        return ExitCodes.Ok;
    }

    private static async Task<int> ShowAsync(ParseResult parse, CancellationToken ct)
    {
        await using var session = await CliSession.OpenAsync(parse, ct);
        var id = parse.GetRequiredValue(Id);
        // Favorites comes from the server with the first sync; bookmarks can be put in it before that.
        var collection = id == CollectionRules.DefaultId && await session.Client.Collections.GetAsync(id, ct) is null
            ? new Collection(id, CollectionRules.DefaultName, IsPrivate: true, IsDefault: true, SyncStatus.PendingCreate)
            : await RequireAsync(session, id, ct);
        var links = await session.Client.CollectionBookmarks.ListAsync(collection.Id, ct);
        var bookmarks = (await session.Client.Bookmarks.ListAsync(ct)).ToDictionary(b => b.Id);
        session.Out.Line(
            $"collection {collection.Id} {Texts.Quote(collection.Name)}: {Texts.Count(links.Count, "bookmark")}, {(collection.IsPrivate ? "private" : "public")}, {Texts.Status(collection.Status)}");
        session.Out.Table(
            ["Bookmark ID", "Place", "Mushaf", "Status"],
            links.Where(l => bookmarks.ContainsKey(l.BookmarkId)).Select(l =>
            {
                var bookmark = bookmarks[l.BookmarkId];
                return (IReadOnlyList<string>)[bookmark.Id, Texts.Place(bookmark), $"{bookmark.Mushaf}", Texts.Status(l.Status)];
            }),
            $"Empty: syncline collection add {collection.Id} BOOKMARK_ID");
        return ExitCodes.Ok;
    }

    /// <summary>A collection that exists here, or Favorites, which exists on the server before this device has heard of it.</summary>
    private static async Task<string> CollectionIdAsync(CliSession session, string id, CancellationToken ct) =>
        id == CollectionRules.DefaultId ? id : (await RequireAsync(session, id, ct)).Id;
}
