using System.Globalization;
using System.Text.Json.Nodes;
using Syncline.Testing.Servers;

namespace Syncline.Simulation.Tests.Corpus;

/// <summary>Every field of every resource combined with bad values of each kind (PROTOCOL.md section 4): 422 at the item's index.</summary>
public sealed partial class BadInputCorpus
{
    private void AddBookmarkFields()
    {
        const CorpusCategory C = CorpusCategory.BookmarkFields;
        var create = new JsonObject { ["type"] = "ayah", ["key"] = 18, ["verseNumber"] = 10, ["mushaf"] = 1 };
        var update = new JsonObject();
        var withoutMushaf = WithField(create, "mushaf", null);
        var withoutType = WithField(create, "type", null);

        foreach (var field in (string[])["key", "verseNumber", "mushaf"])
        {
            AddFieldFaults(C, "BOOKMARK", create, update, field, BadValues.NotIntegers);
        }

        AddFieldFaults(C, "BOOKMARK", withoutMushaf, update, "mushafId", BadValues.NotIntegers, "mushafId (alias)");

        // Section 4.1: key is a surah 1..114 for ayah and surah, a juz 1..30, a page 1..1000.
        (string Type, int Key)[] keys =
        [
            ("ayah", 0), ("ayah", -1), ("ayah", 115), ("ayah", int.MaxValue), ("ayah", int.MinValue),
            ("surah", 0), ("surah", 115), ("surah", -3), ("juz", 0), ("juz", 31), ("page", 0), ("page", 1001), ("page", -1),
        ];
        foreach (var (type, key) in keys)
        {
            var data = new JsonObject { ["type"] = type, ["key"] = key };
            if (type == "ayah")
            {
                data["verseNumber"] = 1;
            }

            AddInvalidItem(C, $"CREATE {type} key {key}", Mutations.Create("BOOKMARK", data));
        }

        AddInvalidItem(C, "CREATE without key", Mutations.Create("BOOKMARK", WithField(create, "key", null)));
        AddInvalidItem(C, "CREATE key null", Mutations.Create("BOOKMARK", WithField(create, "key", "null")), "null");
        AddInvalidItem(C, "CREATE surah without key", Mutations.Create("BOOKMARK", new JsonObject { ["type"] = "surah" }));

        // verseNumber: 1..the ayahs of surah key, for ayah bookmarks only.
        (int Key, int Verse)[] verses = [(18, 0), (18, -1), (18, 111), (18, int.MaxValue), (1, 8), (2, 287), (114, 7), (9, 130), (103, 4)];
        foreach (var (key, verse) in verses)
        {
            AddInvalidItem(C, $"CREATE ayah {key}:{verse}", Mutations.Create("BOOKMARK", new JsonObject { ["key"] = key, ["verseNumber"] = verse }));
        }

        AddInvalidItem(C, "CREATE ayah without verseNumber", Mutations.Create("BOOKMARK", WithField(create, "verseNumber", null)));
        AddInvalidItem(C, "CREATE ayah verseNumber null", Mutations.Create("BOOKMARK", WithField(create, "verseNumber", "null")), "null");
        foreach (var (type, key) in (ReadOnlySpan<(string, int)>)[("surah", 36), ("juz", 1), ("page", 1)])
        {
            AddInvalidItem(C, $"CREATE {type} with verseNumber", Mutations.Create("BOOKMARK", new JsonObject { ["type"] = type, ["key"] = key, ["verseNumber"] = 1 }));
        }

        // mushaf: one of 1, 2, 3, 4, 5, 6, 7, 11, 19.
        var mushafs = new[] { 0, -1, 8, 9, 10, 12, 18, 20, int.MaxValue }
            .Select(m => new BadValue(m.ToString(CultureInfo.InvariantCulture), m.ToString(CultureInfo.InvariantCulture))).ToArray();
        AddFieldFaults(C, "BOOKMARK", create, update, "mushaf", mushafs, "mushaf out of the set");
        AddFieldFaults(C, "BOOKMARK", withoutMushaf, update, "mushafId", mushafs, "mushafId (alias) out of the set");

        // type: ayah, surah, juz or page.
        BadValue[] types =
        [
            new("empty", "\"\""), new("blank", "\" \""), new("ayahs", "\"ayahs\""), new("verse", "\"verse\""), new("sura", "\"sura\""),
            new("chapter", "\"chapter\""), new("hizb", "\"hizb\""), new("trailing space", "\"ayah \""), new("leading space", "\" ayah\""),
            new("NUL after ayah", "\"ayah\\u0000\""), new("the word null", "\"null\""), .. BadValues.NotStrings,
        ];
        AddFieldFaults(C, "BOOKMARK", create, update, "type", types);
        AddFieldFaults(C, "BOOKMARK", withoutType, update, "bookmarkType", types.Where((_, i) => i % 3 == 0), "bookmarkType (alias)");

        AddFieldFaults(C, "BOOKMARK", create, update, "isReading", BadValues.NotBooleans);
        AddClientTimeFaults(C, "BOOKMARK", create, update, everyValue: true);
    }

    private void AddCollectionFields()
    {
        const CorpusCategory C = CorpusCategory.CollectionFields;
        var create = new JsonObject { ["name"] = "Corpus collection", ["isPrivate"] = true };
        var update = new JsonObject();

        // Section 4.2: name required on CREATE, 1..255 characters after trimming.
        AddInvalidItem(C, "CREATE without name", Mutations.Create("COLLECTION", WithField(create, "name", null)));
        AddInvalidItem(C, "CREATE name null", Mutations.Create("COLLECTION", WithField(create, "name", "null")), "null");
        AddFieldFaults(C, "COLLECTION", create, update, "name", [.. TooShortOrLong(1, 255), .. BadValues.NotStrings]);
        AddFieldFaults(C, "COLLECTION", create, update, "isPrivate", BadValues.NotBooleans);
        AddClientTimeFaults(C, "COLLECTION", create, update, everyValue: false);
    }

    private void AddNoteFields()
    {
        const CorpusCategory C = CorpusCategory.NoteFields;
        var create = new JsonObject { ["body"] = "A valid corpus note", ["ranges"] = new JsonArray("18:1-18:10"), ["saveToQR"] = false };
        var update = new JsonObject();

        // Section 4.4: body required on CREATE, 6..10000 code points after trimming.
        AddInvalidItem(C, "CREATE without body", Mutations.Create("NOTE", WithField(create, "body", null)));
        AddInvalidItem(C, "CREATE body null", Mutations.Create("NOTE", WithField(create, "body", "null")), "null");
        AddFieldFaults(C, "NOTE", create, update, "body", [.. TooShortOrLong(6, 10_000), .. BadValues.NotStrings]);

        // ranges required on CREATE: 1..50 items, each surah:ayah-surah:ayah, real ayahs, start <= end.
        AddInvalidItem(C, "CREATE without ranges", Mutations.Create("NOTE", WithField(create, "ranges", null)));
        AddInvalidItem(C, "CREATE ranges null", Mutations.Create("NOTE", WithField(create, "ranges", "null")), "null");
        var fiftyOne = new JsonArray([.. Enumerable.Range(1, 51).Select(i => (JsonNode)$"2:{i}-2:{i}")]).ToJsonString();
        BadValue[] ranges =
        [
            .. BadValues.Ranges.Select(r => new BadValue($"[{r.Name}]", $"[{r.Json}]")),
            new("a string, not an array", "\"1:1-1:2\""), new("empty array", "[]"), new("51 ranges", fiftyOne), new("[1]", "[1]"),
            new("[null]", "[null]"), new("[[]]", "[[]]"), new("[{}]", "[{}]"), new("object", "{\"start\":\"1:1\",\"end\":\"1:2\"}"),
            new("number", "1"), new("true", "true"), new("a good range, then ayah 0", "[\"1:1-1:2\",\"3:0-3:5\"]"),
            new("a good range, then a number", "[\"1:1-1:2\",5]"),
        ];
        AddFieldFaults(C, "NOTE", create, update, "ranges", ranges);
        AddFieldFaults(C, "NOTE", create, update, "saveToQR", BadValues.NotBooleans);
        AddClientTimeFaults(C, "NOTE", create, update, everyValue: false);
    }

    private void AddReadingSessionFields()
    {
        const CorpusCategory C = CorpusCategory.ReadingSessionFields;
        var create = new JsonObject { ["chapterNumber"] = 18, ["verseNumber"] = 10 };
        var update = new JsonObject();

        // Section 4.5: chapterNumber and verseNumber required on CREATE, integers.
        foreach (var field in (string[])["chapterNumber", "verseNumber"])
        {
            AddInvalidItem(C, $"CREATE without {field}", Mutations.Create("READING_SESSION", WithField(create, field, null)));
            AddInvalidItem(C, $"CREATE {field} null", Mutations.Create("READING_SESSION", WithField(create, field, "null")), "null");
            AddFieldFaults(C, "READING_SESSION", create, update, field, BadValues.NotIntegers);
        }

        // chapterNumber a surah 1..114; verseNumber 1..the ayahs of that surah.
        foreach (var chapter in (int[])[0, -1, 115, int.MaxValue, int.MinValue])
        {
            AddInvalidItem(C, $"CREATE chapterNumber {chapter}", Mutations.ReadingSession(chapter, 1));
            AddInvalidItem(C, $"UPDATE chapterNumber {chapter}", Mutations.Update("READING_SESSION", Me.ReadingSessionId, new JsonObject { ["chapterNumber"] = chapter }));
        }

        (int Chapter, int Verse)[] places = [(18, 0), (18, -1), (18, 111), (18, int.MaxValue), (1, 8), (2, 287), (114, 7), (9, 130), (103, 4)];
        foreach (var (chapter, verse) in places)
        {
            AddInvalidItem(C, $"CREATE {chapter}:{verse}", Mutations.ReadingSession(chapter, verse));
            AddInvalidItem(C, $"UPDATE to {chapter}:{verse}", Mutations.Update("READING_SESSION", Me.ReadingSessionId, new JsonObject { ["chapterNumber"] = chapter, ["verseNumber"] = verse }));
        }

        // An UPDATE merges: each number valid alone, the place it leaves (the seeded session is at 18:10) is no ayah.
        AddInvalidItem(C, "UPDATE chapterNumber 1 of a session at 18:10", Mutations.Update("READING_SESSION", Me.ReadingSessionId, new JsonObject { ["chapterNumber"] = 1 }));
        AddInvalidItem(C, "UPDATE chapterNumber 103 of a session at 18:10", Mutations.Update("READING_SESSION", Me.ReadingSessionId, new JsonObject { ["chapterNumber"] = 103 }));
        AddInvalidItem(C, "UPDATE verseNumber 111 of a session at 18:10", Mutations.Update("READING_SESSION", Me.ReadingSessionId, new JsonObject { ["verseNumber"] = 111 }));
        AddClientTimeFaults(C, "READING_SESSION", create, update, everyValue: false);
    }

    private void AddLinkFields()
    {
        const CorpusCategory C = CorpusCategory.LinkFields;
        var byId = new JsonObject { ["collectionId"] = Me.CollectionId, ["bookmarkId"] = Me.AyahBookmarkId };
        var byDetails = new JsonObject { ["collectionId"] = Me.CollectionId, ["type"] = "ayah", ["key"] = 18, ["verseNumber"] = 10, ["mushaf"] = 1 };

        // Section 4.3: collectionId, and a bookmarkId or the bookmark's details.
        AddInvalidItem(C, "CREATE without collectionId", Mutations.Create("COLLECTION_BOOKMARK", WithField(byId, "collectionId", null)));
        AddInvalidItem(C, "CREATE collectionId null", Mutations.Create("COLLECTION_BOOKMARK", WithField(byId, "collectionId", "null")), "null");
        AddInvalidItem(C, "CREATE without bookmarkId or details", Mutations.Create("COLLECTION_BOOKMARK", WithField(byId, "bookmarkId", null)));
        AddInvalidItem(C, "CREATE bookmarkId null and no details", Mutations.Create("COLLECTION_BOOKMARK", WithField(byId, "bookmarkId", "null")), "null");
        AddInvalidItem(C, "CREATE with details and key null", Mutations.Create("COLLECTION_BOOKMARK", WithField(byDetails, "key", "null")), "null");
        foreach (var value in BadValues.NotStrings)
        {
            AddInvalidItem(C, $"CREATE collectionId {value.Name}", Mutations.Create("COLLECTION_BOOKMARK", WithField(byId, "collectionId", value.Json)), value.Json);
            AddInvalidItem(C, $"CREATE bookmarkId {value.Name}", Mutations.Create("COLLECTION_BOOKMARK", WithField(byId, "bookmarkId", value.Json)), value.Json);
            AddInvalidItem(C, $"CREATE by details, collectionId {value.Name}", Mutations.Create("COLLECTION_BOOKMARK", WithField(byDetails, "collectionId", value.Json)), value.Json);
        }

        // Details follow the bookmark rules of section 4.1.
        (string Name, string Field, string Json)[] details =
        [
            ("key 0", "key", "0"), ("key 115", "key", "115"), ("key as a string", "key", "\"18\""), ("key 1.5", "key", "1.5"), ("key true", "key", "true"),
            ("key 1e400", "key", "1e400"), ("verseNumber 111 of surah 18", "verseNumber", "111"), ("verseNumber 0", "verseNumber", "0"),
            ("verseNumber as a string", "verseNumber", "\"10\""), ("mushaf 8", "mushaf", "8"), ("mushaf as a string", "mushaf", "\"1\""),
            ("type verse", "type", "\"verse\""), ("type 5", "type", "5"), ("type surah with a verseNumber", "type", "\"surah\""),
        ];
        foreach (var (name, field, json) in details)
        {
            AddInvalidItem(C, $"CREATE by details, {name}", Mutations.Create("COLLECTION_BOOKMARK", WithField(byDetails, field, json)), json);
        }

        AddInvalidItem(C, "CREATE by details without verseNumber", Mutations.Create("COLLECTION_BOOKMARK", WithField(byDetails, "verseNumber", null)));
        foreach (var field in (string[])["clientCreatedAt", "clientUpdatedAt"])
        {
            foreach (var value in BadValues.SomeClientTimes)
            {
                AddInvalidItem(C, $"CREATE {field} {value.Name}", Mutations.Create("COLLECTION_BOOKMARK", WithField(byId, field, value.Json)), value.Json);
            }
        }

        // DELETE: collectionId and bookmarkId in data, or a composite resourceId.
        (string Name, JsonObject Item, string? Raw)[] deletes =
        [
            ("DELETE collectionId a number", Unlink(new JsonObject { ["collectionId"] = Hole, ["bookmarkId"] = Me.FirstAyahBookmarkId }), "12"),
            ("DELETE collectionId an array", Unlink(new JsonObject { ["collectionId"] = Hole, ["bookmarkId"] = Me.FirstAyahBookmarkId }), "[]"),
            ("DELETE collectionId a lone surrogate", Unlink(new JsonObject { ["collectionId"] = Hole, ["bookmarkId"] = Me.FirstAyahBookmarkId }), BadValues.LoneSurrogate),
            ("DELETE bookmarkId true", Unlink(new JsonObject { ["collectionId"] = Me.CollectionId, ["bookmarkId"] = Hole }), "true"),
            ("DELETE bookmarkId an object", Unlink(new JsonObject { ["collectionId"] = Me.CollectionId, ["bookmarkId"] = Hole }), "{}"),
            ("DELETE without collectionId", Unlink(new JsonObject { ["bookmarkId"] = Me.FirstAyahBookmarkId }), null),
            ("DELETE collectionId null", Unlink(new JsonObject { ["collectionId"] = null, ["bookmarkId"] = Me.FirstAyahBookmarkId }), null),
            ("DELETE without bookmarkId", Unlink(new JsonObject { ["collectionId"] = Me.CollectionId }), null),
            ("DELETE data empty and no resourceId", Unlink(new JsonObject()), null),
            ("DELETE no data and no resourceId", Item("DELETE", "COLLECTION_BOOKMARK", null, null), null),
            ("DELETE data a string and no resourceId", WithMember(Item("DELETE", "COLLECTION_BOOKMARK", null, null), "data", $"{Me.CollectionId}-{Me.FirstAyahBookmarkId}"), null),
            ("DELETE resourceId a number", WithMember(Item("DELETE", "COLLECTION_BOOKMARK", null, null), "resourceId", Hole), "12"),
            ("DELETE resourceId an array", WithMember(Item("DELETE", "COLLECTION_BOOKMARK", null, null), "resourceId", Hole), "[\"a\",\"b\"]"),
        ];
        foreach (var (name, item, raw) in deletes)
        {
            AddInvalidItem(C, name, item, raw);
        }
    }

    private static JsonObject Unlink(JsonObject data) => Item("DELETE", "COLLECTION_BOOKMARK", null, data);

    /// <summary>Each bad value in <paramref name="field"/> of a CREATE (from <paramref name="create"/>) and of an UPDATE of the attacker's own record.</summary>
    private void AddFieldFaults(
        CorpusCategory c, string resource, JsonObject create, JsonObject update, string field, IEnumerable<BadValue> values, string? label = null)
    {
        var id = resource switch
        {
            "BOOKMARK" => Me.AyahBookmarkId,
            "COLLECTION" => Me.CollectionId,
            "READING_SESSION" => Me.ReadingSessionId,
            _ => Me.NoteId,
        };
        foreach (var value in values)
        {
            AddInvalidItem(c, $"CREATE {label ?? field} {value.Name}", Mutations.Create(resource, WithField(create, field, value.Json)), value.Json);
            AddInvalidItem(c, $"UPDATE {label ?? field} {value.Name}", Mutations.Update(resource, id, WithField(update, field, value.Json)), value.Json);
        }
    }

    /// <summary>clientCreatedAt and clientUpdatedAt: every bad value on one of them per type, a few on the other.</summary>
    private void AddClientTimeFaults(CorpusCategory c, string resource, JsonObject create, JsonObject update, bool everyValue)
    {
        var all = everyValue ? BadValues.ClientTimes : BadValues.SomeClientTimes;
        var id = resource switch
        {
            "BOOKMARK" => Me.AyahBookmarkId,
            "COLLECTION" => Me.CollectionId,
            "READING_SESSION" => Me.ReadingSessionId,
            _ => Me.NoteId,
        };
        foreach (var value in all)
        {
            AddInvalidItem(c, $"CREATE clientCreatedAt {value.Name}", Mutations.Create(resource, WithField(create, "clientCreatedAt", value.Json)), value.Json);
            AddInvalidItem(c, $"UPDATE clientUpdatedAt {value.Name}", Mutations.Update(resource, id, WithField(update, "clientUpdatedAt", value.Json)), value.Json);
        }

        foreach (var value in BadValues.SomeClientTimes)
        {
            AddInvalidItem(c, $"CREATE clientUpdatedAt {value.Name}", Mutations.Create(resource, WithField(create, "clientUpdatedAt", value.Json)), value.Json);
            AddInvalidItem(c, $"UPDATE clientCreatedAt {value.Name}", Mutations.Update(resource, id, WithField(update, "clientCreatedAt", value.Json)), value.Json);
        }
    }

    /// <summary>Strings whose length after trimming, in code points, is outside <paramref name="min"/>..<paramref name="max"/>.</summary>
    private static IEnumerable<BadValue> TooShortOrLong(int min, int max)
    {
        const string Emoji = "\\ud83d\\ude00";
        yield return new BadValue("empty", "\"\"");
        yield return new BadValue("blank", "\"   \"");
        yield return new BadValue("tabs and newlines", "\"\\t\\n\\r\"");
        yield return new BadValue("no-break and em spaces", "\"\\u00a0\\u2003\"");
        if (min > 1)
        {
            yield return new BadValue($"{min - 1} characters", JsonString(Repeat("a", min - 1)));
            yield return new BadValue($"{min - 1} characters padded with spaces", JsonString($"   {Repeat("b", min - 1)}   "));
            yield return new BadValue($"{min - 1} emoji ({(min - 1) * 2} UTF-16 units)", $"\"{Repeat(Emoji, min - 1)}\"");
        }

        yield return new BadValue($"{max + 1} characters", JsonString(Repeat("a", max + 1)));
        yield return new BadValue($"{max + 1} accented characters", JsonString(Repeat("\u00e9", max + 1)));
        yield return new BadValue($"{max + 1} emoji", $"\"{Repeat(Emoji, max + 1)}\"");
        yield return new BadValue($"{max * 10} characters", JsonString(Repeat("c", max * 10)));
    }
}
