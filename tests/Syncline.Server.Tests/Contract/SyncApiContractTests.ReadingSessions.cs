using System.Net;
using System.Text.Json.Nodes;
using static Syncline.Testing.Servers.Mutations;

namespace Syncline.Server.Tests.Contract;

/// <summary>READING_SESSION, the fifth resource (PROTOCOL.md section 4.5), and its scope <c>reading_session</c>.</summary>
public abstract partial class SyncApiContractTests<TFixture>
{
    [Fact]
    public async Task Creating_a_reading_session_stores_its_place_and_client_times_and_pulls_as_a_create()
    {
        using var api = NewUser();

        var created = await AcceptedAsync(api, ReadingSession(18, 10).With("clientCreatedAt", "2026-07-06T21:55:26Z").With("clientUpdatedAt", 1783374926000));

        var expected = new JsonObject
        {
            ["chapterNumber"] = 18, ["verseNumber"] = 10,
            ["clientCreatedAt"] = "2026-07-06T21:55:26.000Z", ["clientUpdatedAt"] = "2026-07-06T21:55:26.000Z",
        };
        var ack = Assert.Single(created.Mutations);
        Assert.Equal("READING_SESSION", Text(ack["resource"]));
        AssertData(expected, ack);
        var entry = Assert.Single(await api.PullAllAsync(), e => Text(e["resource"]) == "READING_SESSION");
        Assert.Equal("CREATE", Text(entry["type"]));
        Assert.Equal(IdOf(created), Text(entry["resourceId"]));
        AssertData(expected, entry);
    }

    [Fact]
    public async Task Creating_a_reading_session_at_the_same_place_twice_keeps_two_sessions()
    {
        using var api = NewUser();

        var created = await AcceptedAsync(api, ReadingSession(2, 255), ReadingSession(2, 255));

        Assert.NotEqual(IdOf(created, 0), IdOf(created, 1));
        Assert.Equal(2, (await api.PullAllAsync()).Count(e => Text(e["resource"]) == "READING_SESSION"));
    }

    [Fact]
    public async Task Updating_a_reading_session_merges_the_given_fields_into_the_stored_ones()
    {
        using var api = NewUser();
        var created = await AcceptedAsync(api, ReadingSession(18, 10).With("clientCreatedAt", "2026-07-06T21:55:26.000Z"));

        var updated = await AcceptedAsync(api, Update("READING_SESSION", IdOf(created), new JsonObject { ["verseNumber"] = 45 }));

        var expected = new JsonObject { ["chapterNumber"] = 18, ["verseNumber"] = 45, ["clientCreatedAt"] = "2026-07-06T21:55:26.000Z" };
        AssertData(expected, Assert.Single(updated.Mutations));
        var entry = Assert.Single(await LogSinceAsync(api, created.Head));
        Assert.Equal("UPDATE", Text(entry["type"]));
        Assert.Equal(IdOf(created), Text(entry["resourceId"]));
        AssertData(expected, entry);
    }

    [Fact]
    public async Task Updating_a_reading_session_to_a_place_that_is_no_ayah_is_422_at_its_index_and_changes_nothing()
    {
        using var api = NewUser();
        var created = await AcceptedAsync(api, ReadingSession(2, 255));

        // Chapter 1 alone is valid; merged with verse 255 it names no ayah (Al-Fatiha has 7).
        var reply = await api.PushAsync(created.Head, ReadingSession(1, 1), Update("READING_SESSION", IdOf(created), new JsonObject { ["chapterNumber"] = 1 }));

        AssertInvalid(reply, "Invalid verseNumber", 1);
        Assert.Equal(created.Head, await api.HeadAsync());
    }

    [Fact]
    public async Task Deleting_a_reading_session_logs_a_delete_with_empty_data()
    {
        using var api = NewUser();
        var created = await AcceptedAsync(api, ReadingSession(36, 1));

        var deleted = await AcceptedAsync(api, Delete("READING_SESSION", IdOf(created)));

        Assert.Equal(IdOf(created), IdOf(deleted));
        var entry = Assert.Single(await LogSinceAsync(api, created.Head));
        Assert.Equal("DELETE", Text(entry["type"]));
        Assert.Equal(IdOf(created), Text(entry["resourceId"]));
        Assert.Empty(entry["data"]!.AsObject());
    }

    [Theory]
    [InlineData("CREATE")]
    [InlineData("UPDATE")]
    [InlineData("DELETE")]
    public async Task Push_of_a_reading_session_without_scope_reading_session_is_403_naming_it_and_changes_nothing(string type)
    {
        var userId = NewUserId();
        using var full = Server.Api(userId);
        var created = await AcceptedAsync(full, ReadingSession(18, 10));
        using var api = Server.Api(userId, "sync bookmark collection note");

        var change = type switch
        {
            "CREATE" => ReadingSession(1, 1),
            "UPDATE" => Update("READING_SESSION", IdOf(created), new JsonObject { ["verseNumber"] = 11 }),
            _ => Delete("READING_SESSION", IdOf(created)),
        };
        var reply = await api.PushAsync(created.Head, Bookmark(1, 1), change);

        Assert.Equal(HttpStatusCode.Forbidden, reply.Status);
        Assert.Equal("Forbidden", Text(reply.Error["code"]));
        Assert.Contains("reading_session", reply.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(created.Head, await api.HeadAsync());
    }

    [Fact]
    public async Task Pull_leaves_out_reading_sessions_for_a_token_without_scope_reading_session()
    {
        var userId = NewUserId();
        using var full = Server.Api(userId);
        await AcceptedAsync(full, Bookmark(1, 1), ReadingSession(18, 10));
        using var withoutSessions = Server.Api(userId, "sync bookmark collection note");
        using var sessionsOnly = Server.Api(userId, "sync reading_session");

        var without = await withoutSessions.PullAllAsync();
        var asked = await withoutSessions.PullAsync(0, "&resources=READING_SESSION");
        var only = await sessionsOnly.PullAllAsync();

        Assert.DoesNotContain(without, e => Text(e["resource"]) == "READING_SESSION");
        Assert.Equal(HttpStatusCode.OK, asked.Status);
        Assert.Empty(asked.Mutations);
        Assert.Equal(["READING_SESSION"], only.Select(e => Text(e["resource"])));
    }
}
