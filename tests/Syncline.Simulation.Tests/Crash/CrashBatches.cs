using System.Text.Json.Nodes;
using Syncline.Testing.Servers;

namespace Syncline.Simulation.Tests.Crash;

/// <summary>One push of the crash tests: its body, its key, and how many log entries it must add when applied.</summary>
internal sealed record CrashBatch(string IdempotencyKey, string Body, IReadOnlyList<JsonObject> Items, int ExpectedEntries, string Kind)
{
    /// <summary>A link by details to a new place creates that bookmark: one side-effect entry, logged after every item.</summary>
    public int SideEffects => ExpectedEntries - Items.Count;

    /// <summary>Rows the batch adds to the server's current state: one per CREATE item and per bookmark a link creates.</summary>
    public int NewRecords => Items.Count(i => i["type"]!.GetValue<string>() == "CREATE") + SideEffects;
}

/// <summary>
/// Seeded batches of mixed kinds, and what the server holds after each, so the log entries a batch
/// adds can be predicted exactly. Side effects are kept countable: every bookmark created by CREATE
/// is at a place of its own and never linked (so deleting it cascades nothing), links go only to
/// collections that are never deleted and always name a new place (so each creates one bookmark),
/// and nothing sets <c>isReading</c>.
/// </summary>
internal sealed class CrashBatches(Random random)
{
    private static readonly int[] Mushafs = [1, 2, 3, 4, 5, 6, 7, 11, 19];

    private readonly List<string> _bookmarks = [];
    private readonly List<string> _notes = [];
    private readonly List<string> _collections = [];
    private readonly List<string> _linkCollections = [];
    private int _nextPlace;

    /// <summary>The first push: collections that links go to, so every later batch can link.</summary>
    public CrashBatch Setup() =>
        Build([Mutations.Collection("Links 1"), Mutations.Collection("Links 2"), Mutations.Collection("Links 3")], 0, "setup");

    /// <summary>Only new records: the biggest commits.</summary>
    public CrashBatch Creates(int size)
    {
        var items = new List<JsonObject>();
        var links = 0;
        for (var i = 0; i < size; i++)
        {
            switch (random.Next(4))
            {
                case 0:
                    items.Add(NewBookmark());
                    break;
                case 1:
                    items.Add(NewNote());
                    break;
                case 2:
                    items.Add(Mutations.Collection($"Collection {random.Next(1_000_000)}"));
                    break;
                default:
                    items.Add(NewLink());
                    links++;
                    break;
            }
        }

        return Build(items, links, "creates");
    }

    /// <summary>New records, and updates and deletes of records that earlier batches created.</summary>
    public CrashBatch Mixed(int size)
    {
        var items = new List<JsonObject>();
        var links = 0;
        for (var i = 0; i < size; i++)
        {
            switch (random.Next(9))
            {
                case 0:
                    items.Add(NewBookmark());
                    break;
                case 1:
                    items.Add(NewNote());
                    break;
                case 2:
                    items.Add(Mutations.Collection($"Collection {random.Next(1_000_000)}"));
                    break;
                case 3:
                    items.Add(NewLink());
                    links++;
                    break;
                case 4 when _notes.Count > 0:
                    items.Add(Mutations.Update("NOTE", Pick(_notes), new JsonObject { ["body"] = $"Edited note {random.Next(1_000_000)}" }));
                    break;
                case 5 when _collections.Count > 0:
                    items.Add(Mutations.Update("COLLECTION", Pick(_collections), new JsonObject { ["name"] = $"Renamed {random.Next(1_000_000)}" }));
                    break;
                case 6 when _bookmarks.Count > 0:
                    items.Add(Mutations.Delete("BOOKMARK", Take(_bookmarks)));
                    break;
                case 7 when _notes.Count > 0:
                    items.Add(Mutations.Delete("NOTE", Take(_notes)));
                    break;
                case 8 when _collections.Count > 0:
                    items.Add(Mutations.Delete("COLLECTION", Take(_collections)));
                    break;
                default:
                    items.Add(NewBookmark());
                    break;
            }
        }

        return Build(items, links, "mixed");
    }

    /// <summary>Learns the ids of what <paramref name="batch"/> created from its acknowledgement (one ack per item, in order).</summary>
    public void Applied(CrashBatch batch, SyncReply reply)
    {
        var acks = reply.Mutations;
        Assert.Equal(batch.Items.Count, acks.Count);
        for (var i = 0; i < acks.Count; i++)
        {
            var item = batch.Items[i];
            if (item["type"]!.GetValue<string>() != "CREATE")
            {
                continue;
            }

            var id = acks[i]["resourceId"]!.GetValue<string>();
            switch (item["resource"]!.GetValue<string>())
            {
                case "BOOKMARK":
                    _bookmarks.Add(id);
                    break;
                case "NOTE":
                    _notes.Add(id);
                    break;
                case "COLLECTION" when batch.Kind == "setup":
                    _linkCollections.Add(id);
                    break;
                case "COLLECTION":
                    _collections.Add(id);
                    break;
            }
        }
    }

    private CrashBatch Build(List<JsonObject> items, int links, string kind)
    {
        var body = new JsonObject { ["mutations"] = new JsonArray([.. items.Select(i => (JsonNode)i.DeepClone())]) }.ToJsonString();
        return new CrashBatch($"crash-{random.Next():x8}-{random.Next():x8}", body, items, items.Count + links, kind);
    }

    private JsonObject NewBookmark()
    {
        var (mushaf, page) = NextPlace();
        return Mutations.Bookmark(page, type: "page", mushaf: mushaf);
    }

    private JsonObject NewNote()
    {
        var surah = random.Next(1, 115);
        return Mutations.Note($"A note on surah {surah}, number {random.Next(1_000_000)}", $"{surah}:1-{surah}:1");
    }

    private JsonObject NewLink()
    {
        var (mushaf, page) = NextPlace();
        return Mutations.LinkByDetails(Pick(_linkCollections), page, type: "page", mushaf: mushaf);
    }

    /// <summary>A page bookmark place used by nothing else: 9 mushafs of 1000 pages.</summary>
    private (int Mushaf, int Page) NextPlace()
    {
        var place = _nextPlace++;
        if (place >= Mushafs.Length * 1000)
        {
            throw new InvalidOperationException("Out of bookmark places: fewer or smaller batches");
        }

        return (Mushafs[place / 1000], (place % 1000) + 1);
    }

    private string Pick(List<string> ids) => ids[random.Next(ids.Count)];

    /// <summary>Removes the id at once, so nothing later in the same batch updates or deletes it again.</summary>
    private string Take(List<string> ids)
    {
        var index = random.Next(ids.Count);
        var id = ids[index];
        ids.RemoveAt(index);
        return id;
    }
}
