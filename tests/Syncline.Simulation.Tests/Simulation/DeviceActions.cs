using Syncline.Client;

namespace Syncline.Simulation.Tests.Simulation;

/// <summary>
/// The changes an app makes, chosen at random: every write of every resource, links and deletes of
/// linked records, reading-bookmark switches, and edits of records other devices edit too. Each
/// write that returns is recorded in the device's ledger.
/// </summary>
internal sealed class DeviceActions(Random random, string tagPrefix)
{
    private int _tags;

    public int Performed { get; private set; }

    /// <summary>The place that identifies a bookmark on every device.</summary>
    public static string Place(Bookmark b) => $"{b.Type}:{b.Key}:{b.VerseNumber}:{b.Mushaf}";

    /// <summary>Runs one random change; a change on a record a sync removed in between is a no-op.</summary>
    public async Task RunOneAsync(SimulatedDevice device, int step, CancellationToken ct)
    {
        var client = device.Client;
        var ledger = device.Ledger;
        try
        {
            switch (random.Next(14))
            {
                case 0 or 1:
                {
                    // A narrow range of places, so devices add the same bookmark and the server must merge them.
                    var b = await client.Bookmarks.AddAyahAsync(2, random.Next(1, 30), cancellationToken: ct);
                    ledger.Add(new(step, WriteKind.Wrote, "BOOKMARK", Place(b), null, Ids(b.Id)));
                    break;
                }

                case 2:
                {
                    var type = (BookmarkType)random.Next(1, 4);
                    var key = type switch { BookmarkType.Juz => random.Next(1, 31), BookmarkType.Page => random.Next(1, 605), _ => random.Next(1, 115) };
                    var b = await client.Bookmarks.AddAsync(type, key, cancellationToken: ct);
                    ledger.Add(new(step, WriteKind.Wrote, "BOOKMARK", Place(b), null, Ids(b.Id)));
                    break;
                }

                case 3 or 4:
                {
                    var tag = NewTag("note");
                    var from = random.Next(1, 100);
                    var n = await client.Notes.AddAsync(tag, [$"3:{from}-3:{from + random.Next(0, 50)}"], random.Next(2) == 0, ct);
                    ledger.Add(new(step, WriteKind.Wrote, "NOTE", tag, null, Ids(n.Id)));
                    break;
                }

                case 5 when await PickAsync(client.Notes.ListAsync(ct)) is { } note:
                {
                    var tag = NewTag("edit");
                    var ranges = random.Next(2) == 0 ? null : new[] { $"{random.Next(1, 115)}:1-{random.Next(1, 115)}:1" }.Where(r => IsOrdered(r)).ToArray();
                    await client.Notes.EditAsync(note.Id, tag, ranges is { Length: > 0 } ? ranges : null, ct);
                    ledger.Retire("NOTE", note.Body);
                    ledger.Add(new(step, WriteKind.Wrote, "NOTE", tag, null, Ids(note.Id)));
                    break;
                }

                case 6 when await PickAsync(client.Notes.ListAsync(ct)) is { } note:
                    await client.Notes.DeleteAsync(note.Id, ct);
                    ledger.Retire("NOTE", note.Body);
                    ledger.Add(new(step, WriteKind.Deleted, "NOTE", note.Body, null, Ids(note.Id)));
                    break;

                case 7:
                {
                    var tag = NewTag("list");
                    var c = await client.Collections.CreateAsync(tag, random.Next(2) == 0, ct);
                    ledger.Add(new(step, WriteKind.Wrote, "COLLECTION", tag, null, Ids(c.Id)));
                    break;
                }

                case 8 when await PickAsync(client.Collections.ListAsync(ct)) is { IsDefault: false } collection:
                    if (random.Next(3) == 0)
                    {
                        await client.Collections.SetPrivateAsync(collection.Id, !collection.IsPrivate, ct);
                    }
                    else
                    {
                        var tag = NewTag("renamed");
                        await client.Collections.RenameAsync(collection.Id, tag, ct);
                        ledger.Retire("COLLECTION", collection.Name);
                        ledger.RenameCollection(collection.Name, tag);
                        ledger.Add(new(step, WriteKind.Wrote, "COLLECTION", tag, null, Ids(collection.Id)));
                    }

                    break;

                case 9 when await PickAsync(client.Collections.ListAsync(ct)) is { IsDefault: false } collection:
                    await client.Collections.DeleteAsync(collection.Id, ct);
                    ledger.Retire("COLLECTION", collection.Name);
                    ledger.RetireLinksOf(collection.Name, null);
                    ledger.Add(new(step, WriteKind.Deleted, "COLLECTION", collection.Name, null, Ids(collection.Id)));
                    break;

                case 10 when await PickAsync(client.Collections.ListAsync(ct)) is { } collection
                             && await PickAsync(client.Bookmarks.ListAsync(ct)) is { } bookmark
                             && (!collection.IsDefault || bookmark.Type == BookmarkType.Ayah):
                    await client.CollectionBookmarks.AddAsync(collection.Id, bookmark.Id, ct);
                    ledger.RetireLink(CollectionTag(collection), Place(bookmark));
                    ledger.Add(new(step, WriteKind.Linked, "COLLECTION_BOOKMARK", CollectionTag(collection), Place(bookmark), Ids(collection.Id, bookmark.Id)));
                    break;

                case 11 when await PickAsync(client.CollectionBookmarks.ListAsync(null, ct)) is { } link:
                {
                    var collection = await client.Collections.GetAsync(link.CollectionId, ct);
                    var bookmark = await client.Bookmarks.GetAsync(link.BookmarkId, ct);
                    await client.CollectionBookmarks.RemoveAsync(link.CollectionId, link.BookmarkId, ct);
                    if (collection is not null && bookmark is not null)
                    {
                        ledger.RetireLink(CollectionTag(collection), Place(bookmark));
                        ledger.Add(new(step, WriteKind.Unlinked, "COLLECTION_BOOKMARK", CollectionTag(collection), Place(bookmark), Ids(link.CollectionId, link.BookmarkId))
                        {
                            OfUnsentRecord = link.Status == SyncStatus.PendingCreate,
                        });
                    }
                    else
                    {
                        ledger.RetireLinkOfIds(link.CollectionId, link.BookmarkId);
                    }

                    break;
                }

                case 12 when await PickAsync(client.Bookmarks.ListAsync(ct)) is { } bookmark:
                    await client.Bookmarks.SetReadingAsync(bookmark.Id, ct);
                    // This writes isReading:false to the previous reading bookmark, which replaces its being
                    // made the reading one here: folded into one change, that may never reach the server.
                    ledger.RetireReadingBut(Place(bookmark));
                    ledger.Add(new(step, WriteKind.MadeReading, "BOOKMARK", Place(bookmark), null, Ids(bookmark.Id)));
                    break;

                case 13 when await PickAsync(client.Bookmarks.ListAsync(ct)) is { } bookmark:
                    await client.Bookmarks.DeleteAsync(bookmark.Id, ct);
                    ledger.Retire("BOOKMARK", Place(bookmark));
                    ledger.RetireLinksOf(null, Place(bookmark));
                    ledger.Add(new(step, WriteKind.Deleted, "BOOKMARK", Place(bookmark), null, Ids(bookmark.Id))
                    {
                        OfUnsentRecord = bookmark.Status == SyncStatus.PendingCreate,
                    });
                    break;

                default:
                    return;
            }

            Performed++;
        }
        catch (SynclineNotFoundException)
        {
            // Removed by a sync between the pick and the write: nothing was written.
        }
        catch (SynclineValidationException)
        {
            // The local rules refused it (a bookmark already at that place, a link that exists): nothing was written.
        }
    }

    public static string CollectionTag(Collection collection) => collection.IsDefault ? "__default__" : collection.Name;

    private static bool IsOrdered(string range)
    {
        var parts = range.Split('-');
        return int.Parse(parts[0].Split(':')[0], System.Globalization.CultureInfo.InvariantCulture)
            <= int.Parse(parts[1].Split(':')[0], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static HashSet<string> Ids(params string[] ids) => [.. ids];

    private string NewTag(string kind) => $"{tagPrefix} {kind} {++_tags}";

    private async Task<T?> PickAsync<T>(Task<IReadOnlyList<T>> list)
        where T : class
    {
        var items = await list;
        return items.Count == 0 ? null : items[random.Next(items.Count)];
    }
}
