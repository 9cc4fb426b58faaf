using System.Net;
using System.Text.Json.Nodes;
using static Syncline.Testing.Servers.Mutations;

namespace Syncline.Server.Tests.Contract;

public abstract partial class SyncApiContractTests<TFixture>
{
    [Fact]
    public async Task Pull_for_a_new_user_is_empty_with_head_0_and_the_envelope()
    {
        using var api = NewUser();

        var pull = await api.PullAsync(0);

        Assert.Equal(HttpStatusCode.OK, pull.Status);
        Assert.True(pull.Body!["success"]!.GetValue<bool>());
        Assert.Equal(0, pull.Head);
        Assert.Equal(0, pull.MutationAtHeader);
        Assert.Empty(pull.Mutations);
        Assert.Equal(1, pull.Data["page"]!.GetValue<int>());
        Assert.Equal(100, pull.Data["limit"]!.GetValue<int>());
        Assert.Equal(0, pull.Data["total"]!.GetValue<long>());
        Assert.False(pull.Data["hasMore"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("", "Missing mutationsSince")]
    [InlineData("mutationsSince=", "Missing mutationsSince")]
    [InlineData("mutationsSince=abc", "Invalid mutationsSince: not an integer")]
    [InlineData("mutationsSince=1.5", "Invalid mutationsSince: not an integer")]
    [InlineData("mutationsSince=0&limit=ten", "Invalid limit: not an integer")]
    [InlineData("mutationsSince=0&page=x", "Invalid page: not an integer")]
    [InlineData("mutationsSince=0&metadataOnly=maybe", "Invalid metadataOnly: not a boolean")]
    public async Task Pull_with_a_missing_or_non_numeric_parameter_is_400(string query, string message)
    {
        using var api = NewUser();

        var pull = await api.GetAsync($"/v1/sync?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, pull.Status);
        Assert.Equal("invalid_request", pull.Body!["type"]!.GetValue<string>());
        Assert.Equal("BadRequest", pull.Error["code"]!.GetValue<string>());
        Assert.Equal(message, pull.ErrorMessage);
    }

    [Theory]
    [InlineData("mutationsSince=-2", "Invalid mutationsSince: must be >= -1")]
    [InlineData("mutationsSince=99999999999999999999", "Invalid mutationsSince: must be >= -1")]
    [InlineData("mutationsSince=0&limit=0", "Invalid limit: must be between 1 and 1000")]
    [InlineData("mutationsSince=0&limit=1001", "Invalid limit: must be between 1 and 1000")]
    [InlineData("mutationsSince=0&page=0", "Invalid page: must be between 1 and 2147483647")]
    [InlineData("mutationsSince=0&resources=BOOKMARK,SHELF", "Invalid resource: \"SHELF\"")]
    public async Task Pull_with_a_parameter_out_of_bounds_is_422(string query, string message)
    {
        using var api = NewUser();

        var pull = await api.GetAsync($"/v1/sync?{query}");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, pull.Status);
        Assert.Equal("unprocessable_entity", pull.Body!["type"]!.GetValue<string>());
        Assert.Equal("ValidationError", pull.Error["code"]!.GetValue<string>());
        Assert.Equal(message, pull.ErrorMessage);
    }

    [Theory]
    [InlineData("limit=1")]
    [InlineData("limit=1000")]
    [InlineData("page=1")]
    [InlineData("metadataOnly=false")]
    [InlineData("resources=bookmark,Note")]
    [InlineData("unknown=ignored")]
    public async Task Pull_accepts_parameters_at_their_bounds_and_ignores_unknown_ones(string query)
    {
        using var api = NewUser();

        var pull = await api.GetAsync($"/v1/sync?mutationsSince=0&{query}");

        Assert.Equal(HttpStatusCode.OK, pull.Status);
    }

    [Fact]
    public async Task Pull_since_minus_one_reads_as_zero()
    {
        using var api = NewUser();
        await api.PushAsync(0, Bookmark(1, 1));

        var fromMinusOne = await api.PullAsync(-1);
        var fromZero = await api.PullAsync(0);

        Assert.Equal(HttpStatusCode.OK, fromMinusOne.Status);
        Assert.Equal(fromZero.Text, fromMinusOne.Text);
    }

    [Fact]
    public async Task Pull_returns_entries_strictly_after_mutationsSince_in_ascending_order()
    {
        using var api = NewUser();
        var first = await api.PushAsync(0, Bookmark(1, 1), Bookmark(1, 2));
        var second = await api.PushAsync(first.Head, Bookmark(1, 3));
        var cut = first.Mutations[1]["timestamp"]!.GetValue<long>();

        var pull = await api.PullAsync(cut);

        var timestamps = pull.Mutations.Select(m => m["timestamp"]!.GetValue<long>()).ToList();
        Assert.All(timestamps, t => Assert.True(t > cut));
        Assert.Equal(timestamps.Order(), timestamps);
        Assert.Contains(second.Mutations[0]["timestamp"]!.GetValue<long>(), timestamps);
        Assert.DoesNotContain(cut, timestamps);
    }

    [Fact]
    public async Task Pull_metadataOnly_returns_the_head_and_nothing_else()
    {
        using var api = NewUser();
        var push = await api.PushAsync(0, Bookmark(1, 1));

        var pull = await api.PullAsync(0, "&metadataOnly=true");

        Assert.Equal(HttpStatusCode.OK, pull.Status);
        Assert.Equal(push.Head, pull.MutationAtHeader);
        Assert.Equal("{\"success\":true,\"data\":{\"lastMutationAt\":" + push.Head + "}}", pull.Text);
    }

    [Fact]
    public async Task Pull_filtered_by_resources_returns_only_those_with_the_global_head_and_filtered_total()
    {
        using var api = NewUser();
        var push = await api.PushAsync(0, Bookmark(1, 1), Note("first note body", "1:1-1:7"), Bookmark(1, 2));

        var notes = await api.PullAsync(0, "&resources=note");
        var bookmarksAndNotes = await api.PullAsync(0, "&resources=BOOKMARK,note");

        Assert.Equal(["NOTE"], notes.Mutations.Select(m => m["resource"]!.GetValue<string>()));
        Assert.Equal(1, notes.Data["total"]!.GetValue<long>());
        Assert.Equal(push.Head, notes.Head);
        Assert.Equal(push.Head, notes.MutationAtHeader);
        Assert.Equal(3, bookmarksAndNotes.Mutations.Count);
    }

    [Fact]
    public async Task Paging_by_page_and_limit_walks_every_entry_once_over_250_entries()
    {
        using var api = NewUser();
        var head = await SeedBookmarksAsync(api, 260);
        var all = await api.PullAllAsync();

        var paged = new List<JsonObject>();
        for (var page = 1; ; page++)
        {
            var reply = await api.PullAsync(0, $"&limit=50&page={page}&resources=BOOKMARK");
            Assert.Equal(page, reply.Data["page"]!.GetValue<int>());
            Assert.Equal(50, reply.Data["limit"]!.GetValue<int>());
            Assert.Equal(260, reply.Data["total"]!.GetValue<long>());
            Assert.Equal(head, reply.Head);
            paged.AddRange(reply.Mutations);
            if (!reply.Data["hasMore"]!.GetValue<bool>())
            {
                Assert.Equal(6, page);
                break;
            }
        }

        Assert.Equal(260, paged.Count);
        Assert.Equal(
            all.Where(m => m["resource"]!.GetValue<string>() == "BOOKMARK").Select(m => m["timestamp"]!.GetValue<long>()),
            paged.Select(m => m["timestamp"]!.GetValue<long>()));
    }

    [Fact]
    public async Task Paging_by_keyset_walks_every_entry_once_over_250_entries()
    {
        using var api = NewUser();
        await SeedBookmarksAsync(api, 260);

        var keyset = new List<long>();
        long since = 0;
        var pages = 0;
        while (true)
        {
            var reply = await api.PullAsync(since, "&limit=100");
            pages++;
            keyset.AddRange(reply.Mutations.Select(m => m["timestamp"]!.GetValue<long>()));
            if (!reply.Data["hasMore"]!.GetValue<bool>())
            {
                break;
            }

            since = keyset[^1];
        }

        // 260 bookmarks and the __default__ collection.
        Assert.Equal(261, keyset.Count);
        Assert.Equal(3, pages);
        Assert.Equal(keyset.Distinct().Order(), keyset);
    }

    [Fact]
    public async Task Page_past_the_end_is_empty_without_more()
    {
        using var api = NewUser();
        await api.PushAsync(0, Bookmark(1, 1));

        var reply = await api.PullAsync(0, "&limit=10&page=5");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Empty(reply.Mutations);
        Assert.False(reply.Data["hasMore"]!.GetValue<bool>());
        Assert.Equal(2, reply.Data["total"]!.GetValue<long>());
    }

    /// <summary>Pushes <paramref name="count"/> distinct ayah bookmarks in batches of 100; returns the head.</summary>
    private static async Task<long> SeedBookmarksAsync(Syncline.Testing.Servers.SyncApi api, int count)
    {
        long head = await api.HeadAsync();
        for (var start = 0; start < count; start += 100)
        {
            var batch = Enumerable.Range(start, Math.Min(100, count - start)).Select(i => Bookmark(2, i + 1)).ToArray();
            var reply = await api.PushAsync(head, batch);
            Assert.Equal(HttpStatusCode.OK, reply.Status);
            head = reply.Head;
        }

        return head;
    }
}
