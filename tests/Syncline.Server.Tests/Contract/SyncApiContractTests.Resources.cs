using System.Net;
using System.Text.Json.Nodes;
using Syncline.Testing.Servers;
using static Syncline.Testing.Servers.Mutations;

namespace Syncline.Server.Tests.Contract;

/// <summary>The resource rules of PROTOCOL.md section 4 and the targets of section 3.2.</summary>
public abstract partial class SyncApiContractTests<TFixture>
{
    private const string DefaultCollection = "__default__";

    // BOOKMARK

    [Fact]
    public async Task Creating_a_bookmark_that_exists_updates_it_and_acknowledges_the_existing_id()
    {
        using var api = NewUser();
        var first = await AcceptedAsync(api, Bookmark(2, 255).With("isReading", true));

        var again = await AcceptedAsync(api, Bookmark(2, 255).With("clientUpdatedAt", "2026-01-02T03:04:05.000Z"));

        var ack = Assert.Single(again.Mutations);
        Assert.Equal("CREATE", Text(ack["type"]));
        Assert.Equal(IdOf(first), Text(ack["resourceId"]));
        var entry = Assert.Single(await LogSinceAsync(api, first.Head));
        Assert.Equal("UPDATE", Text(entry["type"]));
        Assert.Equal(IdOf(first), Text(entry["resourceId"]));
        // A merge: isReading, given only by the first CREATE, stays.
        AssertData(
            new JsonObject
            {
                ["type"] = "ayah", ["key"] = 2, ["verseNumber"] = 255, ["mushaf"] = 1, ["isReading"] = true,
                ["clientUpdatedAt"] = "2026-01-02T03:04:05.000Z",
            },
            entry);
        AssertData(entry["data"]!.AsObject(), ack);
    }

    [Fact]
    public async Task Creating_the_same_bookmark_in_another_mushaf_creates_another_bookmark()
    {
        using var api = NewUser();
        var first = await AcceptedAsync(api, Bookmark(2, 255, mushaf: 1));

        var other = await AcceptedAsync(api, Bookmark(2, 255, mushaf: 4));

        Assert.NotEqual(IdOf(first), IdOf(other));
        var entry = Assert.Single(await LogSinceAsync(api, first.Head));
        Assert.Equal("CREATE", Text(entry["type"]));
        Assert.Equal(4, entry["data"]!["mushaf"]!.GetValue<int>());
    }

    [Fact]
    public async Task Creating_a_bookmark_where_one_was_deleted_creates_a_new_bookmark()
    {
        using var api = NewUser();
        var first = await AcceptedAsync(api, Bookmark(2, 255));
        var deleted = await AcceptedAsync(api, Delete("BOOKMARK", IdOf(first)));

        var again = await AcceptedAsync(api, Bookmark(2, 255));

        Assert.NotEqual(IdOf(first), IdOf(again));
        var entry = Assert.Single(await LogSinceAsync(api, deleted.Head));
        Assert.Equal("CREATE", Text(entry["type"]));
        Assert.Equal(IdOf(again), Text(entry["resourceId"]));
    }

    [Fact]
    public async Task Creating_the_same_bookmark_twice_in_one_batch_acknowledges_one_id()
    {
        using var api = NewUser();

        var reply = await AcceptedAsync(api, Bookmark(2, 255), Bookmark(2, 255).With("isReading", true));

        Assert.Equal(["CREATE", "CREATE"], reply.Mutations.Select(a => Text(a["type"])));
        Assert.Equal(IdOf(reply, 0), IdOf(reply, 1));
        // The log holds a CREATE and an UPDATE; a pull carries the bookmark once, as it is now.
        var bookmark = Assert.Single(await api.PullAllAsync(), e => Text(e["resource"]) == "BOOKMARK");
        Assert.Equal("CREATE", Text(bookmark["type"]));
        Assert.True(bookmark["data"]!["isReading"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Bookmark_aliases_bookmarkType_and_mushafId_are_read_and_stored_under_their_names()
    {
        using var api = NewUser();

        var reply = await AcceptedAsync(
            api, Create("BOOKMARK", new JsonObject { ["bookmarkType"] = "juz", ["key"] = 30, ["mushafId"] = 2 }));

        AssertData(new JsonObject { ["type"] = "juz", ["key"] = 30, ["mushaf"] = 2 }, Assert.Single(reply.Mutations));
    }

    [Fact]
    public async Task Fields_a_resource_does_not_have_are_ignored_and_not_stored()
    {
        using var api = NewUser();

        var reply = await AcceptedAsync(api, Bookmark(2, 255).With("color", "red"), Collection("Study").With("owner", "someone"));

        Assert.All(reply.Mutations, a => Assert.False(a["data"]!.AsObject().ContainsKey("color") || a["data"]!.AsObject().ContainsKey("owner")));
        Assert.All(await api.PullAllAsync(), e => Assert.DoesNotContain("\"color\"", e.ToJsonString(), StringComparison.Ordinal));
        Assert.All(await api.PullAllAsync(), e => Assert.DoesNotContain("\"owner\"", e.ToJsonString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_verseNumber_on_a_non_ayah_bookmark_is_422_with_the_index()
    {
        using var api = NewUser();

        var reply = await api.PushAsync(0, Bookmark(1, 1), Bookmark(18, 10, type: "surah"));

        AssertInvalid(reply, "Invalid verseNumber", 1);
        Assert.Equal(0, await api.HeadAsync());
    }

    [Fact]
    public async Task Updating_a_bookmark_onto_the_location_of_another_is_422_with_the_index()
    {
        using var api = NewUser();
        var created = await AcceptedAsync(api, Bookmark(2, 255), Bookmark(2, 256));

        var reply = await api.PushAsync(created.Head, Update("BOOKMARK", IdOf(created, 1), new JsonObject { ["verseNumber"] = 255 }));

        AssertInvalid(reply, "Bookmark already exists", 0);
    }

    [Fact]
    public async Task Updating_a_bookmark_merges_the_given_fields_into_the_stored_ones()
    {
        using var api = NewUser();
        var created = await AcceptedAsync(api, Bookmark(2, 255).With("isReading", true).With("clientCreatedAt", 1769985812916));

        var updated = await AcceptedAsync(api, Update("BOOKMARK", IdOf(created), new JsonObject { ["isReading"] = false }));

        var expected = new JsonObject
        {
            ["type"] = "ayah", ["key"] = 2, ["verseNumber"] = 255, ["mushaf"] = 1, ["isReading"] = false,
            ["clientCreatedAt"] = "2026-02-01T22:43:32.916Z",
        };
        AssertData(expected, Assert.Single(updated.Mutations));
        var entry = Assert.Single(await LogSinceAsync(api, created.Head));
        Assert.Equal("UPDATE", Text(entry["type"]));
        AssertData(expected, entry);
    }

    [Fact]
    public async Task Updating_a_bookmark_into_an_invalid_one_is_422_with_the_index()
    {
        using var api = NewUser();
        var created = await AcceptedAsync(api, Bookmark(2, 255));

        // Key 1 alone is valid; merged with verse 255 it names no ayah (Al-Fatiha has 7).
        var reply = await api.PushAsync(created.Head, Note("A note on light", "24:35-24:35"), Update("BOOKMARK", IdOf(created), new JsonObject { ["key"] = 1 }));

        AssertInvalid(reply, "Invalid verseNumber", 1);
        Assert.Equal(created.Head, await api.HeadAsync());
    }

    [Theory]
    [InlineData("BOOKMARK")]
    [InlineData("COLLECTION")]
    [InlineData("NOTE")]
    [InlineData("READING_SESSION")]
    public async Task Updating_an_id_that_never_existed_is_404_with_the_index(string resource)
    {
        using var api = NewUser();
        var start = await AcceptedAsync(api, Bookmark(1, 1));

        var reply = await api.PushAsync(start.Head, Bookmark(1, 2), Update(resource, UnknownId(), ValidUpdate(resource)));

        AssertNotFound(reply, 1);
        Assert.Equal(start.Head, await api.HeadAsync());
    }

    [Theory]
    [InlineData("BOOKMARK")]
    [InlineData("COLLECTION")]
    [InlineData("NOTE")]
    [InlineData("READING_SESSION")]
    public async Task Deleting_an_id_that_never_existed_is_404_with_the_index(string resource)
    {
        using var api = NewUser();
        var start = await AcceptedAsync(api, Bookmark(1, 1));

        var reply = await api.PushAsync(start.Head, Bookmark(1, 2), Delete(resource, UnknownId()));

        AssertNotFound(reply, 1);
        Assert.Equal(start.Head, await api.HeadAsync());
    }

    [Theory]
    [InlineData("BOOKMARK")]
    [InlineData("COLLECTION")]
    [InlineData("NOTE")]
    [InlineData("READING_SESSION")]
    public async Task Updating_a_deleted_id_is_404_with_the_index(string resource)
    {
        using var api = NewUser();
        var created = await AcceptedAsync(api, ValidCreate(resource));
        var deleted = await AcceptedAsync(api, Delete(resource, IdOf(created)));

        var reply = await api.PushAsync(deleted.Head, Update(resource, IdOf(created), ValidUpdate(resource)));

        AssertNotFound(reply, 0);
    }

    [Theory]
    [InlineData("UPDATE")]
    [InlineData("DELETE")]
    public async Task Changing_another_users_bookmark_is_404(string type)
    {
        using var owner = NewUser();
        var created = await AcceptedAsync(owner, Bookmark(2, 255));
        using var api = NewUser();

        var change = type == "UPDATE" ? Update("BOOKMARK", IdOf(created), new JsonObject { ["isReading"] = true }) : Delete("BOOKMARK", IdOf(created));
        var reply = await api.PushAsync(0, change);

        AssertNotFound(reply, 0);
        Assert.Single(await owner.PullAllAsync(), e => Text(e["resource"]) == "BOOKMARK");
    }

    [Theory]
    [InlineData("UPDATE", "not an id")]
    [InlineData("UPDATE", "UPPERCASEBUTTWENTYFOURCH")]
    [InlineData("DELETE", "abc")]
    [InlineData("DELETE", "a-b")]
    public async Task A_resourceId_that_is_not_an_id_is_404(string type, string resourceId)
    {
        using var api = NewUser();
        var start = await AcceptedAsync(api, Bookmark(1, 1));

        var change = type == "UPDATE" ? Update("BOOKMARK", resourceId, new JsonObject { ["isReading"] = true }) : Delete("BOOKMARK", resourceId);
        var reply = await api.PushAsync(start.Head, change);

        AssertNotFound(reply, 0);
    }

    [Theory]
    [InlineData("BOOKMARK")]
    [InlineData("COLLECTION")]
    [InlineData("NOTE")]
    [InlineData("READING_SESSION")]
    public async Task Deleting_a_deleted_id_is_accepted_and_logged_again(string resource)
    {
        using var api = NewUser();
        var created = await AcceptedAsync(api, ValidCreate(resource));
        var id = IdOf(created);
        var deleted = await AcceptedAsync(api, Delete(resource, id));

        var again = await AcceptedAsync(api, Delete(resource, id));

        var ack = Assert.Single(again.Mutations);
        Assert.Equal("DELETE", Text(ack["type"]));
        Assert.Equal(id, Text(ack["resourceId"]));
        var entry = Assert.Single(await LogSinceAsync(api, deleted.Head));
        Assert.Equal("DELETE", Text(entry["type"]));
        Assert.Equal(id, Text(entry["resourceId"]));
        Assert.Equal(TimestampOf(Assert.Single(again.Mutations)), TimestampOf(entry));
    }

    [Fact]
    public async Task Delete_entries_of_bookmarks_collections_and_notes_have_empty_data()
    {
        using var api = NewUser();
        var created = await AcceptedAsync(api, Bookmark(2, 255), Collection("Study"), Note("A note on light", "24:35-24:35"));

        var deleted = await AcceptedAsync(
            api, Delete("BOOKMARK", IdOf(created, 0)), Delete("COLLECTION", IdOf(created, 1)), Delete("NOTE", IdOf(created, 2)));

        var entries = await LogSinceAsync(api, created.Head);
        Assert.Equal(["BOOKMARK", "COLLECTION", "NOTE"], entries.Select(e => Text(e["resource"])));
        Assert.All(entries, e => Assert.Equal("DELETE", Text(e["type"])));
        Assert.All(entries, e => Assert.Empty(e["data"]!.AsObject()));
        Assert.All(deleted.Mutations, a => Assert.Empty(a["data"]!.AsObject()));
    }

    // COLLECTION

    [Fact]
    public async Task Creating_a_collection_stores_the_trimmed_name_a_slug_and_the_server_flags()
    {
        using var api = NewUser();

        var created = await AcceptedAsync(api, Collection("  My Reading List  "));

        var expected = new JsonObject
        {
            ["name"] = "My Reading List", ["isPrivate"] = true, ["slug"] = "my-reading-list", ["isDefault"] = false, ["isSystem"] = false,
        };
        AssertData(expected, Assert.Single(created.Mutations));
        var entry = Assert.Single(await api.PullAllAsync(), e => Text(e["resourceId"]) == IdOf(created));
        Assert.Equal("CREATE", Text(entry["type"]));
        AssertData(expected, entry);
    }

    [Fact]
    public async Task Client_set_server_fields_of_a_collection_are_ignored()
    {
        using var api = NewUser();

        var created = await AcceptedAsync(
            api, Collection("Study").With("slug", "mine").With("isDefault", true).With("isSystem", true));

        AssertData(
            new JsonObject { ["name"] = "Study", ["isPrivate"] = true, ["slug"] = "study", ["isDefault"] = false, ["isSystem"] = false },
            Assert.Single(created.Mutations));
    }

    [Fact]
    public async Task Renaming_a_collection_keeps_isPrivate_and_recomputes_the_slug()
    {
        using var api = NewUser();
        var created = await AcceptedAsync(api, Collection("Study").With("isPrivate", false));

        var renamed = await AcceptedAsync(api, Update("COLLECTION", IdOf(created), new JsonObject { ["name"] = "Night Reading" }));

        var expected = new JsonObject
        {
            ["name"] = "Night Reading", ["isPrivate"] = false, ["slug"] = "night-reading", ["isDefault"] = false, ["isSystem"] = false,
        };
        AssertData(expected, Assert.Single(renamed.Mutations));
        var entry = Assert.Single(await LogSinceAsync(api, created.Head));
        Assert.Equal("UPDATE", Text(entry["type"]));
        AssertData(expected, entry);
    }

    [Fact]
    public async Task Renaming_the_default_collection_is_422_with_the_index()
    {
        using var api = NewUser();
        var start = await AcceptedAsync(api, Bookmark(1, 1));

        var reply = await api.PushAsync(start.Head, Bookmark(1, 2), Update("COLLECTION", DefaultCollection, new JsonObject { ["name"] = "Mine" }));

        AssertInvalid(reply, "Default collection cannot be modified", 1);
        Assert.Equal(start.Head, await api.HeadAsync());
    }

    [Fact]
    public async Task Deleting_the_default_collection_is_422_with_the_index()
    {
        using var api = NewUser();
        var start = await AcceptedAsync(api, Bookmark(1, 1));

        var reply = await api.PushAsync(start.Head, Bookmark(1, 2), Delete("COLLECTION", DefaultCollection));

        AssertInvalid(reply, "Default collection cannot be deleted", 1);
        Assert.Equal(start.Head, await api.HeadAsync());
    }

    // COLLECTION_BOOKMARK

    [Fact]
    public async Task Linking_by_bookmarkId_acknowledges_the_composite_id()
    {
        using var api = NewUser();
        var created = await AcceptedAsync(api, Collection("Study"), Bookmark(2, 255));
        var (collectionId, bookmarkId) = (IdOf(created, 0), IdOf(created, 1));

        var linked = await AcceptedAsync(api, Link(collectionId, bookmarkId));

        var ack = Assert.Single(linked.Mutations);
        Assert.Equal("CREATE", Text(ack["type"]));
        Assert.Equal("COLLECTION_BOOKMARK", Text(ack["resource"]));
        Assert.Equal($"{collectionId}-{bookmarkId}", Text(ack["resourceId"]));
        AssertData(new JsonObject { ["collectionId"] = collectionId, ["bookmarkId"] = bookmarkId }, ack);
    }

    [Fact]
    public async Task Pulled_link_entries_have_no_resourceId_and_carry_both_keys_in_data()
    {
        using var api = NewUser();
        var created = await AcceptedAsync(api, Collection("Study"), Bookmark(2, 255));
        var (collectionId, bookmarkId) = (IdOf(created, 0), IdOf(created, 1));

        await AcceptedAsync(api, Link(collectionId, bookmarkId));

        var entry = Assert.Single(await LogSinceAsync(api, created.Head));
        Assert.Equal("COLLECTION_BOOKMARK", Text(entry["resource"]));
        Assert.False(entry.ContainsKey("resourceId"), entry.ToJsonString());
        AssertData(new JsonObject { ["collectionId"] = collectionId, ["bookmarkId"] = bookmarkId }, entry);
    }

    [Fact]
    public async Task Linking_by_bookmark_details_uses_the_existing_bookmark()
    {
        using var api = NewUser();
        var created = await AcceptedAsync(api, Collection("Study"), Bookmark(2, 255));
        var (collectionId, bookmarkId) = (IdOf(created, 0), IdOf(created, 1));

        var linked = await AcceptedAsync(api, LinkByDetails(collectionId, 2, 255));

        Assert.Equal($"{collectionId}-{bookmarkId}", IdOf(linked));
        AssertData(new JsonObject { ["collectionId"] = collectionId, ["bookmarkId"] = bookmarkId }, Assert.Single(linked.Mutations));
        var entry = Assert.Single(await LogSinceAsync(api, created.Head));
        Assert.Equal("COLLECTION_BOOKMARK", Text(entry["resource"]));
    }

    [Fact]
    public async Task Linking_to_a_collection_that_never_existed_is_404_with_the_index()
    {
        using var api = NewUser();
        var created = await AcceptedAsync(api, Bookmark(2, 255));

        var reply = await api.PushAsync(created.Head, Bookmark(1, 1), Link(UnknownId(), IdOf(created)));

        AssertNotFound(reply, 1);
    }

    [Fact]
    public async Task Linking_a_bookmark_that_never_existed_is_404_with_the_index()
    {
        using var api = NewUser();
        var created = await AcceptedAsync(api, Collection("Study"));

        var reply = await api.PushAsync(created.Head, Bookmark(1, 1), Link(IdOf(created), UnknownId()));

        AssertNotFound(reply, 1);
    }

    [Fact]
    public async Task Linking_to_a_deleted_collection_is_404()
    {
        using var api = NewUser();
        var created = await AcceptedAsync(api, Collection("Study"), Bookmark(2, 255));
        var deleted = await AcceptedAsync(api, Delete("COLLECTION", IdOf(created, 0)));

        var reply = await api.PushAsync(deleted.Head, Link(IdOf(created, 0), IdOf(created, 1)));

        AssertNotFound(reply, 0);
    }

    [Fact]
    public async Task Linking_a_deleted_bookmark_is_404()
    {
        using var api = NewUser();
        var created = await AcceptedAsync(api, Collection("Study"), Bookmark(2, 255));
        var deleted = await AcceptedAsync(api, Delete("BOOKMARK", IdOf(created, 1)));

        var reply = await api.PushAsync(deleted.Head, Link(IdOf(created, 0), IdOf(created, 1)));

        AssertNotFound(reply, 0);
    }

    [Fact]
    public async Task Linking_to_another_users_collection_is_404()
    {
        using var owner = NewUser();
        var theirs = await AcceptedAsync(owner, Collection("Theirs"));
        using var api = NewUser();
        var mine = await AcceptedAsync(api, Bookmark(2, 255));

        var reply = await api.PushAsync(mine.Head, Link(IdOf(theirs), IdOf(mine)));

        AssertNotFound(reply, 0);
    }

    [Fact]
    public async Task Linking_another_users_bookmark_is_404()
    {
        using var owner = NewUser();
        var theirs = await AcceptedAsync(owner, Bookmark(2, 255));
        using var api = NewUser();
        var mine = await AcceptedAsync(api, Collection("Mine"));

        var reply = await api.PushAsync(mine.Head, Link(IdOf(mine), IdOf(theirs)));

        AssertNotFound(reply, 0);
    }

    [Fact]
    public async Task Linking_a_non_ayah_bookmark_to_the_default_collection_is_422_with_the_index()
    {
        using var api = NewUser();
        var created = await AcceptedAsync(api, Bookmark(18, type: "surah"));

        var reply = await api.PushAsync(created.Head, Bookmark(1, 1), Link(DefaultCollection, IdOf(created)));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, reply.Status);
        Assert.Equal("ValidationError", Text(reply.Error["code"]));
        Assert.Equal(1, reply.Error["index"]!.GetValue<int>());
        Assert.EndsWith("at mutation[1]", reply.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(created.Head, await api.HeadAsync());
    }

    [Fact]
    public async Task Linking_non_ayah_bookmark_details_to_the_default_collection_is_422()
    {
        using var api = NewUser();
        var start = await AcceptedAsync(api, Bookmark(1, 1));

        var reply = await api.PushAsync(start.Head, LinkByDetails(DefaultCollection, 30, type: "juz"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, reply.Status);
        Assert.Equal(0, reply.Error["index"]!.GetValue<int>());
        Assert.Equal(start.Head, await api.HeadAsync());
    }

    [Fact]
    public async Task Creating_a_link_that_exists_is_accepted_and_logged_again()
    {
        using var api = NewUser();
        var created = await AcceptedAsync(api, Collection("Study"), Bookmark(2, 255));
        var (collectionId, bookmarkId) = (IdOf(created, 0), IdOf(created, 1));
        var linked = await AcceptedAsync(api, Link(collectionId, bookmarkId));

        var again = await AcceptedAsync(api, Link(collectionId, bookmarkId));

        Assert.Equal($"{collectionId}-{bookmarkId}", IdOf(again));
        var entry = Assert.Single(await LogSinceAsync(api, linked.Head));
        Assert.Equal("CREATE", Text(entry["type"]));
        AssertData(new JsonObject { ["collectionId"] = collectionId, ["bookmarkId"] = bookmarkId }, entry);
    }

    [Fact]
    public async Task Unlinking_by_keys_logs_a_delete_that_keeps_both_keys()
    {
        using var api = NewUser();
        var created = await AcceptedAsync(api, Collection("Study"), Bookmark(2, 255));
        var (collectionId, bookmarkId) = (IdOf(created, 0), IdOf(created, 1));
        var linked = await AcceptedAsync(api, Link(collectionId, bookmarkId));

        var unlinked = await AcceptedAsync(api, Unlink(collectionId, bookmarkId));

        var keys = new JsonObject { ["collectionId"] = collectionId, ["bookmarkId"] = bookmarkId };
        var ack = Assert.Single(unlinked.Mutations);
        Assert.Equal("DELETE", Text(ack["type"]));
        Assert.Equal($"{collectionId}-{bookmarkId}", Text(ack["resourceId"]));
        AssertData(keys, ack);
        var entry = Assert.Single(await LogSinceAsync(api, linked.Head));
        Assert.Equal("DELETE", Text(entry["type"]));
        Assert.False(entry.ContainsKey("resourceId"), entry.ToJsonString());
        AssertData(keys, entry);
    }

    [Fact]
    public async Task Unlinking_by_composite_resourceId_deletes_the_link()
    {
        using var api = NewUser();
        var created = await AcceptedAsync(api, Collection("Study"), Bookmark(2, 255));
        var (collectionId, bookmarkId) = (IdOf(created, 0), IdOf(created, 1));
        var linked = await AcceptedAsync(api, Link(collectionId, bookmarkId));

        var unlinked = await AcceptedAsync(api, Delete("COLLECTION_BOOKMARK", IdOf(linked)));

        Assert.Equal(IdOf(linked), IdOf(unlinked));
        var entry = Assert.Single(await LogSinceAsync(api, linked.Head));
        Assert.Equal("DELETE", Text(entry["type"]));
        AssertData(new JsonObject { ["collectionId"] = collectionId, ["bookmarkId"] = bookmarkId }, entry);
    }

    [Fact]
    public async Task Unlinking_a_deleted_link_is_accepted_and_logged_again()
    {
        using var api = NewUser();
        var created = await AcceptedAsync(api, Collection("Study"), Bookmark(2, 255));
        var (collectionId, bookmarkId) = (IdOf(created, 0), IdOf(created, 1));
        await AcceptedAsync(api, Link(collectionId, bookmarkId));
        var unlinked = await AcceptedAsync(api, Unlink(collectionId, bookmarkId));

        await AcceptedAsync(api, Unlink(collectionId, bookmarkId));

        var entry = Assert.Single(await LogSinceAsync(api, unlinked.Head));
        Assert.Equal("DELETE", Text(entry["type"]));
        AssertData(new JsonObject { ["collectionId"] = collectionId, ["bookmarkId"] = bookmarkId }, entry);
    }

    [Theory]
    [InlineData("not-a-composite-id")]
    [InlineData("abc")]
    [InlineData("abc-")]
    public async Task Unlinking_by_a_resourceId_that_is_not_a_composite_id_is_404(string resourceId)
    {
        using var api = NewUser();
        var created = await AcceptedAsync(api, Collection("Study"));

        var reply = await api.PushAsync(created.Head, Delete("COLLECTION_BOOKMARK", resourceId));

        AssertNotFound(reply, 0);
    }

    [Fact]
    public async Task Updating_a_link_is_422_with_the_index()
    {
        using var api = NewUser();
        var created = await AcceptedAsync(api, Collection("Study"), Bookmark(2, 255));
        var linked = await AcceptedAsync(api, Link(IdOf(created, 0), IdOf(created, 1)));

        var reply = await api.PushAsync(
            linked.Head, Bookmark(1, 1), Update("COLLECTION_BOOKMARK", IdOf(linked), new JsonObject { ["collectionId"] = IdOf(created, 0) }));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, reply.Status);
        Assert.Equal("ValidationError", Text(reply.Error["code"]));
        Assert.Equal(1, reply.Error["index"]!.GetValue<int>());
        Assert.Equal(linked.Head, await api.HeadAsync());
    }

    [Fact]
    public async Task Unlinking_a_link_that_never_existed_is_404_with_the_index()
    {
        using var api = NewUser();
        var created = await AcceptedAsync(api, Collection("Study"), Bookmark(2, 255));

        var reply = await api.PushAsync(created.Head, Bookmark(1, 1), Unlink(IdOf(created, 0), IdOf(created, 1)));

        AssertNotFound(reply, 1);
    }

    // NOTE

    [Fact]
    public async Task Creating_a_note_stores_the_trimmed_body_its_ranges_and_saveToQR_false()
    {
        using var api = NewUser();

        var created = await AcceptedAsync(api, Note("  A note on light  ", "24:35-24:35", "2:255-2:257"));

        var expected = new JsonObject
        {
            ["body"] = "A note on light", ["ranges"] = new JsonArray("24:35-24:35", "2:255-2:257"), ["saveToQR"] = false,
        };
        AssertData(expected, Assert.Single(created.Mutations));
        var entry = Assert.Single(await api.PullAllAsync(), e => Text(e["resource"]) == "NOTE");
        Assert.Equal("CREATE", Text(entry["type"]));
        Assert.Equal(IdOf(created), Text(entry["resourceId"]));
        AssertData(expected, entry);
    }

    [Fact]
    public async Task Updating_a_note_merges_the_given_fields_into_the_stored_ones()
    {
        using var api = NewUser();
        var created = await AcceptedAsync(api, Note("A note on light", "24:35-24:35").With("saveToQR", true));

        var updated = await AcceptedAsync(api, Update("NOTE", IdOf(created), new JsonObject { ["body"] = "Light upon light" }));

        var expected = new JsonObject { ["body"] = "Light upon light", ["ranges"] = new JsonArray("24:35-24:35"), ["saveToQR"] = true };
        AssertData(expected, Assert.Single(updated.Mutations));
        var entry = Assert.Single(await LogSinceAsync(api, created.Head));
        Assert.Equal("UPDATE", Text(entry["type"]));
        Assert.Equal(IdOf(created), Text(entry["resourceId"]));
        AssertData(expected, entry);
    }

    [Fact]
    public async Task Deleting_a_note_logs_a_delete_with_empty_data()
    {
        using var api = NewUser();
        var created = await AcceptedAsync(api, Note("A note on light", "24:35-24:35"));

        var deleted = await AcceptedAsync(api, Delete("NOTE", IdOf(created)));

        Assert.Equal(IdOf(created), IdOf(deleted));
        var entry = Assert.Single(await LogSinceAsync(api, created.Head));
        Assert.Equal("DELETE", Text(entry["type"]));
        Assert.Equal(IdOf(created), Text(entry["resourceId"]));
        Assert.Empty(entry["data"]!.AsObject());
    }

    // Helpers shared by the resource and side-effect tests.

    /// <summary>Pushes at the user's current head and asserts the push was applied.</summary>
    private static async Task<SyncReply> AcceptedAsync(SyncApi api, params JsonObject[] mutations)
    {
        var reply = await api.PushAsync(await api.HeadAsync(), mutations);
        Assert.True(reply.Status == HttpStatusCode.OK, reply.ToString());
        return reply;
    }

    /// <summary>The log entries after <paramref name="since"/>, in order (one page is enough for these tests).</summary>
    private static async Task<List<JsonObject>> LogSinceAsync(SyncApi api, long since)
    {
        var page = await api.PullAsync(since);
        Assert.True(page.Status == HttpStatusCode.OK, page.ToString());
        Assert.False(page.Data["hasMore"]!.GetValue<bool>());
        return page.Mutations;
    }

    private static string IdOf(SyncReply reply, int item = 0) => Text(reply.Mutations[item]["resourceId"]);

    private static long TimestampOf(JsonObject entry) => entry["timestamp"]!.GetValue<long>();

    private static string Text(JsonNode? node) => node!.GetValue<string>();

    /// <summary>A well-formed id that no user has.</summary>
    private static string UnknownId() => Guid.NewGuid().ToString("N")[..24];

    private static JsonObject ValidCreate(string resource) => resource switch
    {
        "BOOKMARK" => Bookmark(2, 255),
        "COLLECTION" => Collection("Study"),
        "READING_SESSION" => ReadingSession(18, 10),
        _ => Note("A note on light", "24:35-24:35"),
    };

    private static JsonObject ValidUpdate(string resource) => resource switch
    {
        "BOOKMARK" => new JsonObject { ["isReading"] = true },
        "COLLECTION" => new JsonObject { ["name"] = "Renamed" },
        "READING_SESSION" => new JsonObject { ["verseNumber"] = 11 },
        _ => new JsonObject { ["body"] = "Light upon light" },
    };

    /// <summary>Asserts an entry's or acknowledgement's data is exactly <paramref name="expected"/> (property order aside).</summary>
    private static void AssertData(JsonObject expected, JsonObject entry) =>
        Assert.Equal(Canonical(expected), Canonical(entry["data"]!.AsObject()));

    private static string Canonical(JsonObject data) =>
        new JsonObject(data.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone()))).ToJsonString();

    private static void AssertInvalid(SyncReply reply, string error, int index) =>
        AssertRefused(reply, HttpStatusCode.UnprocessableEntity, "unprocessable_entity", "ValidationError", $"{error} at mutation[{index}]", index);

    private static void AssertNotFound(SyncReply reply, int index) =>
        AssertRefused(reply, HttpStatusCode.NotFound, "not_found", "NotFound", $"Resource not found at mutation[{index}]", index);

    private static void AssertRefused(SyncReply reply, HttpStatusCode status, string type, string code, string message, int index)
    {
        Assert.True(reply.Status == status, reply.ToString());
        Assert.Equal(type, Text(reply.Body!["type"]));
        Assert.Equal(message, reply.ErrorMessage);
        Assert.Equal(code, Text(reply.Error["code"]));
        Assert.Equal(message, Text(reply.Error["message"]));
        Assert.Equal(index, reply.Error["index"]!.GetValue<int>());
    }
}
