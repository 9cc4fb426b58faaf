using System.Net;
using System.Text.Json.Nodes;
using Syncline.Server.Tests.Support;
using Syncline.Testing.Servers;
using static Syncline.Testing.Servers.Mutations;

namespace Syncline.Server.Tests.Contract;

public abstract partial class SyncApiContractTests<TFixture>
{
    private static Dictionary<string, string?> Quota(int maxRecords = 0, long maxBytes = 0) => new()
    {
        ["Syncline:Quota:MaxRecords"] = maxRecords.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Syncline:Quota:MaxBytes"] = maxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static void AssertQuotaExceeded(SyncReply reply, int index)
    {
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reply.Status);
        Assert.Equal("quota_exceeded", reply.Body!["type"]!.GetValue<string>());
        Assert.Equal("QuotaExceeded", reply.Error["code"]!.GetValue<string>());
        Assert.Equal(index, reply.Error["index"]!.GetValue<int>());
        Assert.Equal(reply.ErrorMessage, reply.Error["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Push_over_the_record_quota_is_422_QuotaExceeded_at_the_first_item_that_does_not_fit_and_changes_nothing()
    {
        await using var limited = await Fixture.StartServerAsync(Quota(maxRecords: 3));
        using var api = limited.Server.Api(NewUserId());
        var first = await api.PushAsync(0, Note("first note", "1:1-1:1"), Bookmark(1, 2));

        var refused = await api.PushAsync(first.Head, Bookmark(1, 3), Bookmark(1, 4), Bookmark(1, 5));

        AssertQuotaExceeded(refused, index: 1);
        Assert.Equal(
            "Quota exceeded at mutation[1]: the limit is 3 records and 2 are in use; this push would make 4. Delete some to make room.",
            refused.ErrorMessage);
        Assert.Equal(first.Head, await api.HeadAsync());
        Assert.Equal(3, (await api.PullAllAsync()).Count); // the note, the bookmark, __default__
    }

    [Fact]
    public async Task Push_over_the_byte_quota_is_422_naming_the_limit_and_the_usage()
    {
        await using var limited = await Fixture.StartServerAsync(Quota(maxBytes: 400));
        using var api = limited.Server.Api(NewUserId());
        var first = await api.PushAsync(0, Note(new string('a', 100), "1:1-1:1"));

        var refused = await api.PushAsync(first.Head, Note(new string('b', 100), "1:1-1:1"), Note(new string('c', 300), "1:1-1:1"));

        AssertQuotaExceeded(refused, index: 1);
        Assert.StartsWith("Quota exceeded at mutation[1]: the limit is 400 bytes of stored data and ", refused.ErrorMessage, StringComparison.Ordinal);
        Assert.Matches(@"and \d+ are in use; this push would make \d+\.", refused.ErrorMessage);
        Assert.Equal(first.Head, await api.HeadAsync());
    }

    [Fact]
    public async Task Byte_quota_counts_bytes_of_stored_data_not_characters()
    {
        await using var limited = await Fixture.StartServerAsync(Quota(maxBytes: 3000));
        using var api = limited.Server.Api(NewUserId());

        // Two notes of 1000 code points each: the ASCII one fits, the emoji one takes 4 bytes a character (more escaped).
        var fits = await api.PushAsync(0, Note(new string('a', 1000), "1:1-1:1"));
        var tooBig = await api.PushAsync(fits.Head, Note(string.Concat(Enumerable.Repeat("😀", 1000)), "1:1-1:1"));

        Assert.Equal(HttpStatusCode.OK, fits.Status);
        AssertQuotaExceeded(tooBig, index: 0);
    }

    [Fact]
    public async Task Edit_that_grows_data_over_the_byte_quota_is_refused_and_one_that_shrinks_it_is_accepted()
    {
        await using var limited = await Fixture.StartServerAsync(Quota(maxBytes: 600));
        using var api = limited.Server.Api(NewUserId());
        var created = await api.PushAsync(0, Note(new string('a', 400), "1:1-1:1"));
        var id = IdOf(created, 0);

        var grown = await api.PushAsync(created.Head, Update("NOTE", id, new JsonObject { ["body"] = new string('b', 700) }));
        var shrunk = await api.PushAsync(created.Head, Update("NOTE", id, new JsonObject { ["body"] = new string('c', 50) }));
        var regrown = await api.PushAsync(shrunk.Head, Update("NOTE", id, new JsonObject { ["body"] = new string('d', 400) }));

        AssertQuotaExceeded(grown, index: 0);
        Assert.Equal(HttpStatusCode.OK, shrunk.Status);
        Assert.Equal(HttpStatusCode.OK, regrown.Status);
    }

    [Fact]
    public async Task Deleting_frees_room_under_the_record_quota()
    {
        await using var limited = await Fixture.StartServerAsync(Quota(maxRecords: 2));
        using var api = limited.Server.Api(NewUserId());
        var full = await api.PushAsync(0, Bookmark(2, 1), Bookmark(2, 2));
        var refused = await api.PushAsync(full.Head, Bookmark(2, 3));

        var deleted = await api.PushAsync(full.Head, Delete("BOOKMARK", IdOf(full, 0)));
        var accepted = await api.PushAsync(deleted.Head, Bookmark(2, 3));

        AssertQuotaExceeded(refused, index: 0);
        Assert.Equal(HttpStatusCode.OK, deleted.Status);
        Assert.Equal(HttpStatusCode.OK, accepted.Status);
    }

    [Fact]
    public async Task Delete_before_a_create_in_one_batch_makes_room_for_it()
    {
        await using var limited = await Fixture.StartServerAsync(Quota(maxRecords: 1));
        using var api = limited.Server.Api(NewUserId());
        var full = await api.PushAsync(0, Bookmark(3, 1));

        var swapped = await api.PushAsync(full.Head, Delete("BOOKMARK", IdOf(full, 0)), Bookmark(3, 2));

        Assert.Equal(HttpStatusCode.OK, swapped.Status);
    }

    [Fact]
    public async Task Deleting_a_collection_frees_its_cascaded_links_too()
    {
        await using var limited = await Fixture.StartServerAsync(Quota(maxRecords: 3));
        using var api = limited.Server.Api(NewUserId());
        var made = await api.PushAsync(0, Collection("Trip"), Bookmark(4, 1));
        var linked = await api.PushAsync(made.Head, Link(IdOf(made, 0), IdOf(made, 1)));

        var deleted = await api.PushAsync(linked.Head, Delete("COLLECTION", IdOf(made, 0)));
        // The collection and its link are gone: two records free, the bookmark stays.
        var refilled = await api.PushAsync(deleted.Head, Bookmark(4, 2), Bookmark(4, 3));

        Assert.Equal(HttpStatusCode.OK, linked.Status);
        Assert.Equal(HttpStatusCode.OK, refilled.Status);
    }

    [Fact]
    public async Task A_link_that_creates_its_bookmark_counts_both_records()
    {
        await using var limited = await Fixture.StartServerAsync(Quota(maxRecords: 2));
        using var api = limited.Server.Api(NewUserId());
        var made = await api.PushAsync(0, Collection("Trip"));

        var refused = await api.PushAsync(made.Head, LinkByDetails(IdOf(made, 0), 5, 1));

        AssertQuotaExceeded(refused, index: 0);
        Assert.Contains("this push would make 3", refused.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Default_collection_counts_toward_no_quota()
    {
        await using var limited = await Fixture.StartServerAsync(Quota(maxRecords: 2));
        using var api = limited.Server.Api(NewUserId());

        var first = await api.PushAsync(0, Bookmark(6, 1));
        var second = await api.PushAsync(first.Head, Bookmark(6, 2));

        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.Contains(await api.PullAllAsync(), e => e["resourceId"]?.GetValue<string>() == "__default__");
    }

    [Fact]
    public async Task User_over_a_lowered_quota_can_delete_and_edit_down_but_not_grow()
    {
        await using var generous = await Fixture.StartServerAsync();
        var userId = NewUserId();
        using var before = generous.Server.Api(userId);
        var made = await before.PushAsync(0, Note("one note here", "1:1-1:1"), Note("two notes here", "1:1-1:1"), Note("three notes here", "1:1-1:1"));
        await using var lowered = await ServerFixture.StartOnSameStoreAsync(generous, Quota(maxRecords: 2));
        using var api = lowered.Api(userId);

        var create = await api.PushAsync(made.Head, Note("four notes here", "1:1-1:1"));
        var edit = await api.PushAsync(made.Head, Update("NOTE", IdOf(made, 0), new JsonObject { ["body"] = "one note" }));
        var delete = await api.PushAsync(edit.Head, Delete("NOTE", IdOf(made, 1)));
        var stillFull = await api.PushAsync(delete.Head, Note("four notes here", "1:1-1:1"));
        var deleteAgain = await api.PushAsync(delete.Head, Delete("NOTE", IdOf(made, 2)));
        var fits = await api.PushAsync(deleteAgain.Head, Note("four notes here", "1:1-1:1"));

        AssertQuotaExceeded(create, index: 0);
        Assert.Contains("the limit is 2 records and 3 are in use", create.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, edit.Status);
        Assert.Equal(HttpStatusCode.OK, delete.Status);
        AssertQuotaExceeded(stillFull, index: 0);
        Assert.Equal(HttpStatusCode.OK, deleteAgain.Status);
        Assert.Equal(HttpStatusCode.OK, fits.Status);
    }

    [Fact]
    public async Task Quota_of_0_turns_the_limits_off()
    {
        await using var unlimited = await Fixture.StartServerAsync(Quota(maxRecords: 0, maxBytes: 0));
        using var api = unlimited.Server.Api(NewUserId());

        var reply = await api.PushAsync(0, [.. Enumerable.Range(1, 50).Select(ayah => Bookmark(2, ayah))]);

        Assert.Equal(HttpStatusCode.OK, reply.Status);
    }

    [Fact]
    public async Task Replay_of_a_large_push_returns_the_first_response_byte_for_byte()
    {
        using var api = NewUser();
        var key = Guid.NewGuid().ToString();
        var notes = Enumerable.Range(1, 20).Select(i => Note($"Note {i}: {string.Concat(Enumerable.Repeat("ملاحظة طويلة 😀 ", 40))}", $"2:{i}-2:{i}")).ToArray();

        var first = await PushRawAsync(api, key, notes);
        var replay = await PushRawAsync(api, key, notes);

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(HttpStatusCode.OK, replay.Status);
        Assert.Equal(first.Body, replay.Body);
        Assert.Equal(20, (await api.PullAllAsync()).Count(e => e["resource"]!.GetValue<string>() == "NOTE"));
    }

    [Fact]
    public async Task Idempotency_reply_is_stored_compressed_in_fewer_bytes_than_the_response()
    {
        var userId = NewUserId();
        using var api = Server.Api(userId);
        var notes = Enumerable.Range(1, 20).Select(i => Note($"Note {i} about patience and gratitude, read again in the morning", $"2:{i}-2:{i}")).ToArray();

        var reply = await PushRawAsync(api, Guid.NewGuid().ToString(), notes);

        var stored = await StoredReplyBytesAsync(Server, userId);
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.True(stored * 2 < reply.Body.Length, $"stored {stored} bytes for a response of {reply.Body.Length}");
    }

    private static async Task<(HttpStatusCode Status, byte[] Body)> PushRawAsync(SyncApi api, string key, JsonObject[] mutations)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/sync?lastMutationAt=0")
        {
            Content = new StringContent(new JsonObject { ["mutations"] = new JsonArray([.. mutations.Select(m => m.DeepClone())]) }.ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", key);
        using var response = await api.Http.SendAsync(request, Ct);
        return (response.StatusCode, await response.Content.ReadAsByteArrayAsync(Ct));
    }

    /// <summary>The size of the user's one stored idempotency reply, as the store holds it.</summary>
    protected virtual async Task<long> StoredReplyBytesAsync(SyncServer server, string userId)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(server.DataDirectory, "syncline.db")};Pooling=False");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT length(response) FROM idempotency WHERE user_id = $u";
        command.Parameters.AddWithValue("$u", userId);
        return (long)(await command.ExecuteScalarAsync(Ct))!;
    }
}
