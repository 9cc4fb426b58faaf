using System.Text.Json.Nodes;
using Syncline.Testing.Servers;

namespace Syncline.Simulation.Tests.Corpus;

/// <summary>Items without the documented shape (PROTOCOL.md sections 3.2 and 5), and targets the attacker may not touch.</summary>
public sealed partial class BadInputCorpus
{
    private static readonly string[] Resources = ["BOOKMARK", "COLLECTION", "NOTE", "COLLECTION_BOOKMARK", "READING_SESSION"];

    private void AddItemShapes()
    {
        const CorpusCategory C = CorpusCategory.ItemShape;
        foreach (var raw in (string[])["1", "\"CREATE\"", "null", "[]", "true", "[{\"type\":\"CREATE\"}]"])
        {
            AddInvalidItem(C, $"item is {raw}", JsonValue.Create(Hole), raw);
        }

        // The placeholder item is replaced whole: build it as a one-field object and splice the raw item over it.
        var collection = new JsonObject { ["name"] = "Shapeless" };
        string[] badResources =
        [
            "\"\"", "\"BOOKMARKS\"", "\"bookmark \"", "\" NOTE\"", "\"BOOK_MARK\"", "\"COLLECTIONBOOKMARK\"", "\"COLLECTION-BOOKMARK\"",
            "\"NOTES\"", "\"USER\"", "\"\\u0000\"", "1", "true", "[]", "{}", "[\"NOTE\"]", BadValues.LoneSurrogate,
        ];
        AddInvalidItem(C, "resource missing", new JsonObject { ["type"] = "CREATE", ["data"] = collection.DeepClone() });
        AddInvalidItem(C, "resource null", new JsonObject { ["type"] = "CREATE", ["resource"] = null, ["data"] = collection.DeepClone() });
        foreach (var raw in badResources)
        {
            AddInvalidItem(C, $"resource {raw}", new JsonObject { ["type"] = "CREATE", ["resource"] = Hole, ["data"] = collection.DeepClone() }, raw);
        }

        string[] badTypes =
        [
            "\"\"", "\"INSERT\"", "\"UPSERT\"", "\"PATCH\"", "\"PUT\"", "\"create \"", "\"CREATED\"", "\"C\"", "\"\\u0000\"",
            "1", "true", "[]", "{}", "[\"CREATE\"]", BadValues.LoneSurrogate,
        ];
        AddInvalidItem(C, "type missing", new JsonObject { ["resource"] = "COLLECTION", ["data"] = collection.DeepClone() });
        AddInvalidItem(C, "type null", new JsonObject { ["type"] = null, ["resource"] = "COLLECTION", ["data"] = collection.DeepClone() });
        foreach (var raw in badTypes)
        {
            AddInvalidItem(C, $"type {raw}", new JsonObject { ["type"] = Hole, ["resource"] = "COLLECTION", ["data"] = collection.DeepClone() }, raw);
        }

        // UPDATE and DELETE need a resourceId that is a string (section 4).
        (string Resource, JsonObject Data)[] targets =
        [
            ("BOOKMARK", new JsonObject { ["mushaf"] = 2 }),
            ("COLLECTION", new JsonObject { ["name"] = "Renamed" }),
            ("NOTE", new JsonObject { ["body"] = "A renamed note" }),
            ("READING_SESSION", new JsonObject { ["verseNumber"] = 11 }),
        ];
        foreach (var (resource, data) in targets)
        {
            foreach (var type in (string[])["UPDATE", "DELETE"])
            {
                var itemData = type == "UPDATE" ? data.DeepClone().AsObject() : null;
                AddInvalidItem(C, $"{type} {resource} without resourceId", Item(type, resource, null, itemData));
                foreach (var raw in (string[])["null", "\"\"", "12", "true", "[]", "{}", BadValues.LoneSurrogate])
                {
                    AddInvalidItem(C, $"{type} {resource} with resourceId {raw}", Item(type, resource, Hole, itemData), raw);
                }
            }
        }

        // CREATE and UPDATE need data, an object.
        (string Type, string Resource, string? Id)[] needData =
        [
            ("CREATE", "BOOKMARK", null), ("CREATE", "COLLECTION", null), ("CREATE", "NOTE", null), ("CREATE", "COLLECTION_BOOKMARK", null),
            ("CREATE", "READING_SESSION", null),
            ("UPDATE", "BOOKMARK", Me.AyahBookmarkId), ("UPDATE", "COLLECTION", Me.CollectionId), ("UPDATE", "NOTE", Me.NoteId),
            ("UPDATE", "READING_SESSION", Me.ReadingSessionId),
        ];
        foreach (var (type, resource, id) in needData)
        {
            AddInvalidItem(C, $"{type} {resource} without data", Item(type, resource, id, null));
            foreach (var raw in (string[])["null", "\"{}\"", "\"x\"", "1", "true", "[]", "[{\"name\":\"x\"}]"])
            {
                AddInvalidItem(C, $"{type} {resource} with data {raw}", WithMember(Item(type, resource, id, null), "data", Hole), raw);
            }
        }

        // Section 4.3: no UPDATE of a link. Section 4.2: __default__ cannot be renamed or deleted.
        AddInvalidItem(C, "UPDATE COLLECTION_BOOKMARK", Item("UPDATE", "COLLECTION_BOOKMARK", $"{Me.CollectionId}-{Me.FirstAyahBookmarkId}",
            new JsonObject { ["collectionId"] = Me.CollectionId, ["bookmarkId"] = Me.FirstAyahBookmarkId }));
        AddInvalidItem(C, "update of COLLECTION_BOOKMARK in lower case", Item("update", "collection_bookmark", null,
            new JsonObject { ["collectionId"] = Me.CollectionId, ["bookmarkId"] = Me.FirstAyahBookmarkId }));
        AddInvalidItem(C, "UPDATE the default collection", Mutations.Update("COLLECTION", "__default__", new JsonObject { ["name"] = "Renamed" }));
        AddInvalidItem(C, "UPDATE the default collection's privacy", Mutations.Update("COLLECTION", "__default__", new JsonObject { ["isPrivate"] = false }));
        AddInvalidItem(C, "DELETE the default collection", Mutations.Delete("COLLECTION", "__default__"));

        // Fields not listed are ignored (section 4), so extra fields never rescue a bad item.
        var extras = new JsonObject { ["timestamp"] = 1, ["userId"] = Other.UserId, ["id"] = Other.NoteId, ["success"] = true };
        var withExtras = Item("CREATE", "COLLECTION", "abc", new JsonObject { ["name"] = "   " });
        foreach (var (name, value) in extras)
        {
            withExtras[name] = value?.DeepClone();
        }

        AddInvalidItem(C, "extra item fields and a blank name", withExtras);
        AddInvalidItem(C, "resourceId on CREATE and no type", new JsonObject { ["resource"] = "NOTE", ["resourceId"] = Me.NoteId, ["data"] = new JsonObject { ["body"] = "Body of it" } });
        AddInvalidItem(C, "item nested in an item", new JsonObject { ["mutation"] = NewBookmark() });
        AddInvalidItem(C, "field names capitalised", new JsonObject { ["Type"] = "CREATE", ["Resource"] = "COLLECTION", ["Data"] = new JsonObject { ["name"] = "Caps" } });
    }

    private void AddTargets()
    {
        const CorpusCategory C = CorpusCategory.Targets;
        var notFound = 404;

        // Section 3.2, targets: another user's id is not found (404), and that user's data stays as it was.
        (string Name, JsonObject Item)[] foreign =
        [
            ("UPDATE another user's bookmark", Mutations.Update("BOOKMARK", Other.AyahBookmarkId, new JsonObject { ["mushaf"] = 2 })),
            ("UPDATE another user's surah bookmark", Mutations.Update("BOOKMARK", Other.SurahBookmarkId, new JsonObject { ["isReading"] = true })),
            ("UPDATE another user's reading bookmark", Mutations.Update("BOOKMARK", Other.ReadingBookmarkId, new JsonObject { ["isReading"] = false })),
            ("DELETE another user's bookmark", Mutations.Delete("BOOKMARK", Other.AyahBookmarkId)),
            ("DELETE another user's linked bookmark", Mutations.Delete("BOOKMARK", Other.FirstAyahBookmarkId)),
            ("UPDATE another user's collection", Mutations.Update("COLLECTION", Other.CollectionId, new JsonObject { ["name"] = "Taken over" })),
            ("DELETE another user's collection", Mutations.Delete("COLLECTION", Other.CollectionId)),
            ("UPDATE another user's note", Mutations.Update("NOTE", Other.NoteId, new JsonObject { ["body"] = "Overwritten by someone else" })),
            ("DELETE another user's note", Mutations.Delete("NOTE", Other.NoteId)),
            ("UPDATE another user's deleted note", Mutations.Update("NOTE", Other.DeletedNoteId, new JsonObject { ["body"] = "Brought back" })),
            ("DELETE another user's deleted note", Mutations.Delete("NOTE", Other.DeletedNoteId)),
            ("UPDATE another user's reading session", Mutations.Update("READING_SESSION", Other.ReadingSessionId, new JsonObject { ["verseNumber"] = 11 })),
            ("DELETE another user's reading session", Mutations.Delete("READING_SESSION", Other.ReadingSessionId)),
            ("UPDATE my note as a READING_SESSION", Mutations.Update("READING_SESSION", Me.NoteId, new JsonObject { ["verseNumber"] = 11 })),
            ("DELETE my reading session as a NOTE", Mutations.Delete("NOTE", Me.ReadingSessionId)),
            ("link another user's collection to my bookmark", Mutations.Link(Other.CollectionId, Me.AyahBookmarkId)),
            ("link my collection to another user's bookmark", Mutations.Link(Me.CollectionId, Other.AyahBookmarkId)),
            ("link another user's collection and bookmark", Mutations.Link(Other.CollectionId, Other.AyahBookmarkId)),
            ("link by details into another user's collection", Mutations.LinkByDetails(Other.CollectionId, 18, 10)),
            ("unlink another user's link", Mutations.Unlink(Other.CollectionId, Other.FirstAyahBookmarkId)),
            ("unlink another user's link by composite id", Item("DELETE", "COLLECTION_BOOKMARK", $"{Other.CollectionId}-{Other.FirstAyahBookmarkId}", null)),
            ("unlink another user's bookmark from my collection", Mutations.Unlink(Me.CollectionId, Other.FirstAyahBookmarkId)),
            ("unlink my bookmark from another user's collection", Mutations.Unlink(Other.CollectionId, Me.FirstAyahBookmarkId)),
            ("UPDATE my bookmark as a NOTE", Mutations.Update("NOTE", Me.AyahBookmarkId, new JsonObject { ["body"] = "Wrong resource" })),
            ("UPDATE my collection as a BOOKMARK", Mutations.Update("BOOKMARK", Me.CollectionId, new JsonObject { ["mushaf"] = 2 })),
            ("DELETE my note as a COLLECTION", Mutations.Delete("COLLECTION", Me.NoteId)),
            ("DELETE my collection as a BOOKMARK", Mutations.Delete("BOOKMARK", Me.CollectionId)),
            ("UPDATE my deleted note", Mutations.Update("NOTE", Me.DeletedNoteId, new JsonObject { ["body"] = "Brought back" })),
            ("unlink a bookmark never linked from the default collection", Mutations.Unlink("__default__", Me.AyahBookmarkId)),
            ("link into a collection that never existed", Mutations.Link("zzzzzzzzzzzzzzzzzzzzzzzz", Me.AyahBookmarkId)),
            ("link a bookmark that never existed", Mutations.Link(Me.CollectionId, "zzzzzzzzzzzzzzzzzzzzzzzz")),
            ("link with an empty collectionId", Mutations.Link(string.Empty, Me.AyahBookmarkId)),
            ("link with an empty bookmarkId", Mutations.Link(Me.CollectionId, string.Empty)),
            ("unlink by a composite id of three parts", Item("DELETE", "COLLECTION_BOOKMARK", $"{Me.CollectionId}-{Me.FirstAyahBookmarkId}-x", null)),
            ("unlink by a composite id without a dash", Item("DELETE", "COLLECTION_BOOKMARK", Me.CollectionId, null)),
            ("unlink by a lone dash", Item("DELETE", "COLLECTION_BOOKMARK", "-", null)),
        ];
        foreach (var (name, item) in foreign)
        {
            var (body, index) = Rotated(item);
            Add(C, name, Push(body), CorpusExpectation.Status(notFound, index));
        }

        foreach (var resource in (string[])["BOOKMARK", "COLLECTION", "NOTE", "READING_SESSION"])
        {
            var data = resource switch
            {
                "BOOKMARK" => new JsonObject { ["mushaf"] = 2 },
                "COLLECTION" => new JsonObject { ["name"] = "Renamed" },
                "READING_SESSION" => new JsonObject { ["verseNumber"] = 11 },
                _ => new JsonObject { ["body"] = "A renamed note" },
            };
            var (update, updateIndex) = Rotated(Mutations.Update(resource, "zzzzzzzzzzzzzzzzzzzzzzzz", data));
            Add(C, $"UPDATE {resource} that never existed", Push(update), CorpusExpectation.Status(notFound, updateIndex));
            var (delete, deleteIndex) = Rotated(Mutations.Delete(resource, "zzzzzzzzzzzzzzzzzzzzzzzz"));
            Add(C, $"DELETE {resource} that never existed", Push(delete), CorpusExpectation.Status(notFound, deleteIndex));
        }

        // Section 3.2: "a resourceId string that is not a valid id is simply not found (404)".
        (string Name, string Raw)[] malformedIds =
        [
            ("x", "\"x\""), ("a dash", "\"-\""), ("two parts", "\"a-b\""), ("1000 characters", JsonString(Repeat("a", 1000))),
            ("a path", "\"../../etc/passwd\""), ("SQL", "\"' OR '1'='1\""), ("LIKE wildcard", "\"%\""), ("glob", "\"*\""),
            ("blank", "\"   \""), ("__default__", "\"__default__\""), ("my id in upper case", JsonString(Me.AyahBookmarkId.ToUpperInvariant())),
            ("my id with a trailing space", JsonString(Me.AyahBookmarkId + " ")), ("my id with a leading space", JsonString(" " + Me.AyahBookmarkId)),
            ("my id cut short", JsonString(Me.AyahBookmarkId[..^1])), ("my id and one more character", JsonString(Me.AyahBookmarkId + "a")),
            ("my id with a NUL", $"\"{Me.AyahBookmarkId}\\u0000\""), ("NUL", "\"\\u0000\""), ("emoji", "\"\\ud83d\\ude00\""),
        ];
        foreach (var (name, raw) in malformedIds)
        {
            AddTarget(C, $"UPDATE BOOKMARK with resourceId {name}", Item("UPDATE", "BOOKMARK", Hole, new JsonObject { ["mushaf"] = 2 }), raw, notFound);
        }

        foreach (var (name, raw) in malformedIds.Take(6).Append(malformedIds[^2]))
        {
            AddTarget(C, $"DELETE NOTE with resourceId {name}", Item("DELETE", "NOTE", Hole, null), raw, notFound);
        }

        AddTarget(C, "link into a collectionId with a NUL", Mutations.Link(Hole, Me.AyahBookmarkId), $"\"{Me.CollectionId}\\u0000\"", notFound);
        AddTarget(C, "unlink by a composite id with a NUL", Item("DELETE", "COLLECTION_BOOKMARK", Hole, null), $"\"{Me.CollectionId}-{Me.FirstAyahBookmarkId}\\u0000\"", notFound);

        // Section 3.2: the batch is all or nothing, so valid items before a foreign target are not applied either.
        Add(C, "valid create, then another user's note", Push(Batch(NewBookmark(), Mutations.Update("NOTE", Other.NoteId, new JsonObject { ["body"] = "Overwritten" }))),
            CorpusExpectation.Status(notFound, 1));
        Add(C, "create, own update, then another user's collection deleted", Push(Batch(
            NewCollection(), Mutations.Update("NOTE", Me.NoteId, new JsonObject { ["body"] = "Mine to change" }), Mutations.Delete("COLLECTION", Other.CollectionId))),
            CorpusExpectation.Status(notFound, 2));
        Add(C, "another user's bookmark first, then a valid create", Push(Batch(Mutations.Delete("BOOKMARK", Other.AyahBookmarkId), NewNote())),
            CorpusExpectation.Status(notFound, 0));
        Add(C, "own link, own delete, then another user's bookmark", Push(Batch(
            NewLink(), Mutations.Delete("NOTE", Me.NoteId), Mutations.Update("BOOKMARK", Other.AyahBookmarkId, new JsonObject { ["isReading"] = true }))),
            CorpusExpectation.Status(notFound, 2));
        Add(C, "delete my collection, then update it", Push(Batch(
            Mutations.Delete("COLLECTION", Me.CollectionId), Mutations.Update("COLLECTION", Me.CollectionId, new JsonObject { ["name"] = "Gone" }))),
            CorpusExpectation.Status(notFound, 1));

        AddMergedRuleFaults(C);
    }

    /// <summary>UPDATE is a merge (section 4); the merged bookmark must still keep the rules of section 4.1.</summary>
    private void AddMergedRuleFaults(CorpusCategory c)
    {
        (string Name, JsonObject Item)[] merged =
        [
            ("move 2:255 to surah 1 (7 ayahs)", Mutations.Update("BOOKMARK", Me.AyahBookmarkId, new JsonObject { ["key"] = 1 })),
            ("move 2:255 to surah 114 (6 ayahs)", Mutations.Update("BOOKMARK", Me.AyahBookmarkId, new JsonObject { ["key"] = 114 })),
            ("move 2:255 to surah 115", Mutations.Update("BOOKMARK", Me.AyahBookmarkId, new JsonObject { ["key"] = 115 })),
            ("move 2:255 to key 0", Mutations.Update("BOOKMARK", Me.AyahBookmarkId, new JsonObject { ["key"] = 0 })),
            ("move 2:255 to ayah 287", Mutations.Update("BOOKMARK", Me.AyahBookmarkId, new JsonObject { ["verseNumber"] = 287 })),
            ("move 2:255 to ayah 0", Mutations.Update("BOOKMARK", Me.AyahBookmarkId, new JsonObject { ["verseNumber"] = 0 })),
            ("make the ayah bookmark a surah bookmark", Mutations.Update("BOOKMARK", Me.AyahBookmarkId, new JsonObject { ["type"] = "surah" })),
            ("make the ayah bookmark a juz bookmark", Mutations.Update("BOOKMARK", Me.AyahBookmarkId, new JsonObject { ["type"] = "juz" })),
            ("give the surah bookmark a verseNumber", Mutations.Update("BOOKMARK", Me.SurahBookmarkId, new JsonObject { ["verseNumber"] = 5 })),
            ("make surah 36 a juz bookmark", Mutations.Update("BOOKMARK", Me.SurahBookmarkId, new JsonObject { ["type"] = "juz" })),
            ("make the surah bookmark an ayah bookmark without an ayah", Mutations.Update("BOOKMARK", Me.SurahBookmarkId, new JsonObject { ["type"] = "ayah" })),
            ("move the surah bookmark to surah 115", Mutations.Update("BOOKMARK", Me.SurahBookmarkId, new JsonObject { ["key"] = 115 })),
            ("move 1:1 onto my 2:255", Mutations.Update("BOOKMARK", Me.FirstAyahBookmarkId, new JsonObject { ["key"] = 2, ["verseNumber"] = 255 })),
            ("move 1:1 onto my reading bookmark 3:7", Mutations.Update("BOOKMARK", Me.FirstAyahBookmarkId, new JsonObject { ["key"] = 3, ["verseNumber"] = 7 })),
            ("link the surah bookmark to the default collection", Mutations.Link("__default__", Me.SurahBookmarkId)),
            ("link a surah bookmark by details to the default collection", Mutations.LinkByDetails("__default__", 36, type: "surah")),
            ("link a juz bookmark by details to the default collection", Mutations.LinkByDetails("__default__", 30, type: "juz")),
        ];
        foreach (var (name, item) in merged)
        {
            var (body, index) = Rotated(item);
            Add(c, name, Push(body), CorpusExpectation.Status(422, index));
        }
    }

    private void AddTarget(CorpusCategory c, string name, JsonObject item, string raw, int status)
    {
        var (body, index) = Rotated(item, raw);
        Add(c, name, Push(body), CorpusExpectation.Status(status, index));
    }
}
