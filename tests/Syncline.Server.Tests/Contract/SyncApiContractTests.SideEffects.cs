using System.Text.Json.Nodes;
using static Syncline.Testing.Servers.Mutations;

namespace Syncline.Server.Tests.Contract;

/// <summary>
/// Side effects (PROTOCOL.md section 3.2): each its own log entry, timestamped after all items of
/// the batch, in order: the <c>__default__</c> CREATE, then item by item.
/// </summary>
public abstract partial class SyncApiContractTests<TFixture>
{
    [Fact]
    public async Task The_first_accepted_push_logs_the_default_collection_after_its_items()
    {
        using var api = NewUser();

        var first = await AcceptedAsync(api, Bookmark(2, 255), Collection("Study"));

        var log = await api.PullAllAsync();
        Assert.Equal(3, log.Count);
        var defaultEntry = log[^1];
        Assert.Equal("CREATE", Text(defaultEntry["type"]));
        Assert.Equal("COLLECTION", Text(defaultEntry["resource"]));
        Assert.Equal(DefaultCollection, Text(defaultEntry["resourceId"]));
        AssertData(
            new JsonObject { ["name"] = "Favorites", ["isPrivate"] = true, ["slug"] = "favorites", ["isDefault"] = true, ["isSystem"] = true },
            defaultEntry);
        Assert.All(first.Mutations, ack => Assert.True(TimestampOf(ack) < TimestampOf(defaultEntry)));
        Assert.Equal(TimestampOf(defaultEntry), first.Head);
    }

    [Fact]
    public async Task The_default_collection_is_logged_once()
    {
        using var api = NewUser();
        await AcceptedAsync(api, Bookmark(2, 255));

        var second = await AcceptedAsync(api, Bookmark(2, 256));

        Assert.Equal(TimestampOf(second.Mutations[^1]), second.Head);
        Assert.Single(await api.PullAllAsync(), e => e["resourceId"]?.GetValue<string>() == DefaultCollection);
    }

    [Fact]
    public async Task A_refused_first_push_leaves_the_default_collection_to_the_first_accepted_one()
    {
        using var api = NewUser();
        var refused = await api.PushAsync(0, Bookmark(2, 255), Delete("NOTE", UnknownId()));
        AssertNotFound(refused, 1);
        Assert.Equal(0, await api.HeadAsync());

        var first = await AcceptedAsync(api, Bookmark(2, 255));

        var log = await api.PullAllAsync();
        Assert.Equal(["BOOKMARK", "COLLECTION"], log.Select(e => Text(e["resource"])));
        Assert.Equal(DefaultCollection, Text(log[1]["resourceId"]));
        Assert.Equal(TimestampOf(log[1]), first.Head);
    }

    [Fact]
    public async Task The_first_push_can_link_a_bookmark_to_the_default_collection()
    {
        using var api = NewUser();

        var first = await AcceptedAsync(api, LinkByDetails(DefaultCollection, 2, 255));

        var ack = Assert.Single(first.Mutations);
        var bookmarkId = Text(ack["data"]!["bookmarkId"]);
        Assert.Equal($"{DefaultCollection}-{bookmarkId}", Text(ack["resourceId"]));
        var log = await api.PullAllAsync();
        Assert.Equal(["COLLECTION_BOOKMARK", "COLLECTION", "BOOKMARK"], log.Select(e => Text(e["resource"])));
        Assert.Equal(DefaultCollection, Text(log[0]["data"]!["collectionId"]));
        Assert.Equal(DefaultCollection, Text(log[1]["resourceId"]));
        Assert.Equal(bookmarkId, Text(log[2]["resourceId"]));
    }

    [Fact]
    public async Task Linking_by_bookmark_details_creates_the_missing_bookmark_after_the_items()
    {
        using var api = NewUser();
        var created = await AcceptedAsync(api, Collection("Study"));
        var collectionId = IdOf(created);

        var linked = await AcceptedAsync(api, LinkByDetails(collectionId, 3, 7, mushaf: 2), Note("A note on light", "24:35-24:35"));

        var bookmarkId = Text(linked.Mutations[0]["data"]!["bookmarkId"]);
        Assert.Equal($"{collectionId}-{bookmarkId}", IdOf(linked, 0));
        var log = await LogSinceAsync(api, created.Head);
        Assert.Equal(["COLLECTION_BOOKMARK", "NOTE", "BOOKMARK"], log.Select(e => Text(e["resource"])));
        var bookmark = log[2];
        Assert.Equal("CREATE", Text(bookmark["type"]));
        Assert.Equal(bookmarkId, Text(bookmark["resourceId"]));
        AssertData(new JsonObject { ["type"] = "ayah", ["key"] = 3, ["verseNumber"] = 7, ["mushaf"] = 2 }, bookmark);
        Assert.All(linked.Mutations, ack => Assert.True(TimestampOf(ack) < TimestampOf(bookmark)));
        Assert.Equal(TimestampOf(bookmark), linked.Head);
    }

    [Fact]
    public async Task Two_links_by_the_details_of_one_new_bookmark_create_it_once()
    {
        using var api = NewUser();
        var created = await AcceptedAsync(api, Collection("Study"), Collection("Later"));

        var linked = await AcceptedAsync(api, LinkByDetails(IdOf(created, 0), 3, 7), LinkByDetails(IdOf(created, 1), 3, 7));

        var bookmarkId = Text(linked.Mutations[0]["data"]!["bookmarkId"]);
        Assert.Equal(bookmarkId, Text(linked.Mutations[1]["data"]!["bookmarkId"]));
        var log = await LogSinceAsync(api, created.Head);
        Assert.Equal(["COLLECTION_BOOKMARK", "COLLECTION_BOOKMARK", "BOOKMARK"], log.Select(e => Text(e["resource"])));
        Assert.Equal(bookmarkId, Text(log[2]["resourceId"]));
    }

    [Fact]
    public async Task Setting_isReading_clears_the_previous_reading_bookmark_after_the_items()
    {
        using var api = NewUser();
        var previous = await AcceptedAsync(api, Bookmark(2, 255).With("isReading", true));

        var reading = await AcceptedAsync(api, Bookmark(18, 10).With("isReading", true), Note("A note on light", "24:35-24:35"));

        var log = await LogSinceAsync(api, previous.Head);
        Assert.Equal(["BOOKMARK", "NOTE", "BOOKMARK"], log.Select(e => Text(e["resource"])));
        var cleared = log[2];
        Assert.Equal("UPDATE", Text(cleared["type"]));
        Assert.Equal(IdOf(previous), Text(cleared["resourceId"]));
        AssertData(new JsonObject { ["type"] = "ayah", ["key"] = 2, ["verseNumber"] = 255, ["mushaf"] = 1, ["isReading"] = false }, cleared);
        Assert.All(reading.Mutations, ack => Assert.True(TimestampOf(ack) < TimestampOf(cleared)));
        Assert.Equal(TimestampOf(cleared), reading.Head);
    }

    [Fact]
    public async Task Setting_isReading_by_update_clears_the_previous_reading_bookmark()
    {
        using var api = NewUser();
        var created = await AcceptedAsync(api, Bookmark(2, 255).With("isReading", true), Bookmark(18, 10));

        await AcceptedAsync(api, Update("BOOKMARK", IdOf(created, 1), new JsonObject { ["isReading"] = true }));

        var log = await LogSinceAsync(api, created.Head);
        Assert.Equal(["UPDATE", "UPDATE"], log.Select(e => Text(e["type"])));
        Assert.Equal([IdOf(created, 1), IdOf(created, 0)], log.Select(e => Text(e["resourceId"])));
        Assert.True(log[0]["data"]!["isReading"]!.GetValue<bool>());
        Assert.False(log[1]["data"]!["isReading"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Setting_isReading_on_the_reading_bookmark_clears_nothing()
    {
        using var api = NewUser();
        var created = await AcceptedAsync(api, Bookmark(2, 255).With("isReading", true));

        var again = await AcceptedAsync(api, Update("BOOKMARK", IdOf(created), new JsonObject { ["isReading"] = true }));

        Assert.Single(await LogSinceAsync(api, created.Head));
        Assert.Equal(TimestampOf(again.Mutations[0]), again.Head);
    }

    [Fact]
    public async Task Deleting_a_collection_deletes_each_of_its_live_links_after_the_items()
    {
        using var api = NewUser();
        var created = await AcceptedAsync(api, Collection("Study"), Bookmark(1, 1), Bookmark(1, 2), Bookmark(1, 3));
        var collectionId = IdOf(created, 0);
        await AcceptedAsync(api, Link(collectionId, IdOf(created, 1)), Link(collectionId, IdOf(created, 2)), Link(collectionId, IdOf(created, 3)));
        var unlinked = await AcceptedAsync(api, Unlink(collectionId, IdOf(created, 3)));

        var deleted = await AcceptedAsync(api, Delete("COLLECTION", collectionId), Note("A note on light", "24:35-24:35"));

        var log = await LogSinceAsync(api, unlinked.Head);
        Assert.Equal(["COLLECTION", "NOTE", "COLLECTION_BOOKMARK", "COLLECTION_BOOKMARK"], log.Select(e => Text(e["resource"])));
        var cascaded = log[2..];
        Assert.All(cascaded, e => Assert.Equal("DELETE", Text(e["type"])));
        Assert.All(cascaded, e => Assert.Equal(collectionId, Text(e["data"]!["collectionId"])));
        Assert.Equal(
            new[] { IdOf(created, 1), IdOf(created, 2) }.Order(),
            cascaded.Select(e => Text(e["data"]!["bookmarkId"])).Order());
        Assert.All(deleted.Mutations, ack => Assert.True(TimestampOf(ack) < TimestampOf(cascaded[0])));
        Assert.Equal(TimestampOf(cascaded[^1]), deleted.Head);
    }

    [Fact]
    public async Task Deleting_a_bookmark_deletes_each_of_its_links_after_the_items()
    {
        using var api = NewUser();
        var created = await AcceptedAsync(api, Collection("Study"), Bookmark(2, 255));
        var (collectionId, bookmarkId) = (IdOf(created, 0), IdOf(created, 1));
        var linked = await AcceptedAsync(api, Link(collectionId, bookmarkId), Link(DefaultCollection, bookmarkId));

        var deleted = await AcceptedAsync(api, Delete("BOOKMARK", bookmarkId), Note("A note on light", "24:35-24:35"));

        var log = await LogSinceAsync(api, linked.Head);
        Assert.Equal(["BOOKMARK", "NOTE", "COLLECTION_BOOKMARK", "COLLECTION_BOOKMARK"], log.Select(e => Text(e["resource"])));
        var cascaded = log[2..];
        Assert.All(cascaded, e => Assert.Equal("DELETE", Text(e["type"])));
        Assert.All(cascaded, e => Assert.Equal(bookmarkId, Text(e["data"]!["bookmarkId"])));
        Assert.Equal(
            new[] { collectionId, DefaultCollection }.Order(StringComparer.Ordinal),
            cascaded.Select(e => Text(e["data"]!["collectionId"])).Order(StringComparer.Ordinal));
        Assert.Equal(TimestampOf(cascaded[^1]), deleted.Head);
    }

    [Fact]
    public async Task The_first_push_logs_the_default_collection_before_the_side_effects_of_its_items()
    {
        using var api = NewUser();

        // Item 1 clears the reading bookmark of item 0; item 2 creates a bookmark.
        var first = await AcceptedAsync(
            api, Bookmark(1, 1).With("isReading", true), Bookmark(1, 2).With("isReading", true), LinkByDetails(DefaultCollection, 3, 5));

        // Pulled from the last acknowledged item, as a client learns side effects (PROTOCOL.md section 3.2).
        var effects = await LogSinceAsync(api, TimestampOf(first.Mutations[^1]));
        Assert.Equal(["CREATE COLLECTION", "UPDATE BOOKMARK", "CREATE BOOKMARK"], effects.Select(e => $"{Text(e["type"])} {Text(e["resource"])}"));
        Assert.Equal(DefaultCollection, Text(effects[0]["resourceId"]));
        Assert.Equal(IdOf(first, 0), Text(effects[1]["resourceId"]));
        Assert.Equal(Text(first.Mutations[2]["data"]!["bookmarkId"]), Text(effects[2]["resourceId"]));
    }

    [Fact]
    public async Task Side_effects_of_a_batch_follow_its_items_item_by_item()
    {
        using var api = NewUser();
        var created = await AcceptedAsync(api, Collection("Study"), Collection("Later"), Bookmark(2, 255).With("isReading", true));
        var (studyId, laterId, readingId) = (IdOf(created, 0), IdOf(created, 1), IdOf(created, 2));
        var linked = await AcceptedAsync(api, Link(studyId, readingId));

        // Item 0 clears the reading bookmark, item 1 cascades to a link, item 2 creates a bookmark.
        var batch = await AcceptedAsync(
            api, Bookmark(18, 10).With("isReading", true), Delete("COLLECTION", studyId), LinkByDetails(laterId, 36, 1));

        var log = await LogSinceAsync(api, linked.Head);
        var effects = log[batch.Mutations.Count..];
        Assert.Equal(
            ["UPDATE BOOKMARK", "DELETE COLLECTION_BOOKMARK", "CREATE BOOKMARK"],
            effects.Select(e => $"{Text(e["type"])} {Text(e["resource"])}"));
        Assert.Equal(readingId, Text(effects[0]["resourceId"]));
        Assert.Equal(readingId, Text(effects[1]["data"]!["bookmarkId"]));
        Assert.Equal(Text(batch.Mutations[2]["data"]!["bookmarkId"]), Text(effects[2]["resourceId"]));
    }

    [Fact]
    public async Task A_batch_with_side_effects_moves_the_head_past_its_last_acknowledged_item()
    {
        using var api = NewUser();
        var previous = await AcceptedAsync(api, Bookmark(2, 255).With("isReading", true));

        var batch = await AcceptedAsync(api, Bookmark(18, 10).With("isReading", true));

        var lastAck = TimestampOf(Assert.Single(batch.Mutations));
        Assert.True(lastAck < batch.Head, batch.ToString());
        Assert.Equal(batch.Head, batch.MutationAtHeader);
        Assert.Equal(2, (await LogSinceAsync(api, previous.Head)).Count);
        // Pulling from the last acknowledged item, as a client does, brings the side effect.
        var pulled = await LogSinceAsync(api, lastAck);
        Assert.Equal(IdOf(previous), Text(Assert.Single(pulled)["resourceId"]));
        Assert.Equal(batch.Head, TimestampOf(pulled[0]));
    }

    [Fact]
    public async Task A_batch_without_side_effects_ends_the_head_at_its_last_acknowledged_item()
    {
        using var api = NewUser();
        var previous = await AcceptedAsync(api, Bookmark(2, 255));

        var batch = await AcceptedAsync(api, Bookmark(18, 10), Collection("Study"));

        Assert.Equal(TimestampOf(batch.Mutations[^1]), batch.Head);
        Assert.Equal(2, (await LogSinceAsync(api, previous.Head)).Count);
    }

    [Fact]
    public async Task Replaying_the_log_gives_the_current_state()
    {
        using var api = NewUser();
        var first = await AcceptedAsync(
            api,
            Bookmark(2, 255).With("isReading", true),
            Bookmark(1, 1),
            Collection("Study"),
            Note("Light upon light", "24:35-24:35"),
            LinkByDetails(DefaultCollection, 3, 5));
        var (b1, b2, c1, n1) = (IdOf(first, 0), IdOf(first, 1), IdOf(first, 2), IdOf(first, 3));
        var b3 = Text(first.Mutations[4]["data"]!["bookmarkId"]);
        await AcceptedAsync(
            api,
            Link(c1, b1),
            Link(c1, b2),
            Update("NOTE", n1, new JsonObject { ["body"] = "Light upon light, again" }),
            Bookmark(1, 1).With("isReading", true),
            Update("COLLECTION", c1, new JsonObject { ["name"] = "Deep Study" }));
        var last = await AcceptedAsync(
            api,
            Delete("BOOKMARK", b2),
            Delete("NOTE", n1),
            Unlink(DefaultCollection, b3),
            Bookmark(114, 6).With("isReading", true),
            Note("Second note body", "1:1-1:7").With("saveToQR", true));
        var (b4, n2) = (IdOf(last, 3), IdOf(last, 4));

        var state = Replay(await api.PullAllAsync());

        var expected = new Dictionary<string, JsonObject>
        {
            [$"BOOKMARK {b1}"] = new() { ["type"] = "ayah", ["key"] = 2, ["verseNumber"] = 255, ["mushaf"] = 1, ["isReading"] = false },
            [$"BOOKMARK {b3}"] = new() { ["type"] = "ayah", ["key"] = 3, ["verseNumber"] = 5, ["mushaf"] = 1 },
            [$"BOOKMARK {b4}"] = new() { ["type"] = "ayah", ["key"] = 114, ["verseNumber"] = 6, ["mushaf"] = 1, ["isReading"] = true },
            [$"COLLECTION {c1}"] = new() { ["name"] = "Deep Study", ["isPrivate"] = true, ["slug"] = "deep-study", ["isDefault"] = false, ["isSystem"] = false },
            [$"COLLECTION {DefaultCollection}"] = new() { ["name"] = "Favorites", ["isPrivate"] = true, ["slug"] = "favorites", ["isDefault"] = true, ["isSystem"] = true },
            [$"COLLECTION_BOOKMARK {c1}-{b1}"] = new() { ["collectionId"] = c1, ["bookmarkId"] = b1 },
            [$"NOTE {n2}"] = new() { ["body"] = "Second note body", ["ranges"] = new JsonArray("1:1-1:7"), ["saveToQR"] = true },
        };
        Assert.Equal(expected.ToDictionary(p => p.Key, p => Canonical(p.Value)), state);
    }

    [Fact]
    public async Task A_reading_bookmark_cleared_and_deleted_in_one_batch_stays_deleted_on_replay()
    {
        using var api = NewUser();
        var previous = await AcceptedAsync(api, Bookmark(2, 255).With("isReading", true));
        var previousId = IdOf(previous);

        var batch = await AcceptedAsync(api, Bookmark(18, 10).With("isReading", true), Delete("BOOKMARK", previousId));

        var log = await api.PullAllAsync();
        var state = Replay(log);
        Assert.False(state.ContainsKey($"BOOKMARK {previousId}"), string.Join('\n', log.Select(e => e.ToJsonString())));
        Assert.Contains($"BOOKMARK {IdOf(batch, 0)}", state.Keys);
        var update = await api.PushAsync(batch.Head, Update("BOOKMARK", previousId, new JsonObject { ["isReading"] = true }));
        AssertNotFound(update, 0);
    }

    /// <summary>
    /// Folds a log the way a client applies it: CREATE and UPDATE set the data, DELETE removes.
    /// Keys are <c>"RESOURCE id"</c>, a link's id being its composite; values are canonical data.
    /// </summary>
    private static Dictionary<string, string> Replay(IEnumerable<JsonObject> log)
    {
        var state = new Dictionary<string, string>();
        foreach (var entry in log)
        {
            var resource = Text(entry["resource"]);
            var data = entry["data"]!.AsObject();
            var id = resource == "COLLECTION_BOOKMARK"
                ? $"{Text(data["collectionId"])}-{Text(data["bookmarkId"])}"
                : Text(entry["resourceId"]);
            if (Text(entry["type"]) == "DELETE")
            {
                state.Remove($"{resource} {id}");
            }
            else
            {
                state[$"{resource} {id}"] = Canonical(data);
            }
        }

        return state;
    }
}
