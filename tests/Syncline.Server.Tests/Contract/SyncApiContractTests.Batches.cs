using System.Net;
using System.Text.Json.Nodes;
using static Syncline.Testing.Servers.Mutations;

namespace Syncline.Server.Tests.Contract;

public abstract partial class SyncApiContractTests<TFixture>
{
    [Fact]
    public async Task Timestamps_strictly_increase_inside_a_batch_and_across_batches()
    {
        using var api = NewUser();
        long head = 0;
        var acked = new List<long>();
        for (var batch = 0; batch < 5; batch++)
        {
            var reply = await api.PushAsync(head, [.. Enumerable.Range(1, 20).Select(i => Bookmark(7 + batch, i))]);
            Assert.Equal(HttpStatusCode.OK, reply.Status);
            acked.AddRange(reply.Mutations.Select(m => m["timestamp"]!.GetValue<long>()));
            head = reply.Head;
        }

        var logged = (await api.PullAllAsync()).Select(e => e["timestamp"]!.GetValue<long>()).ToList();
        Assert.Equal(acked.Distinct().Order(), acked);
        Assert.Equal(logged.Distinct().Order(), logged);
        Assert.Equal(head, logged[^1]);
    }

    [Fact]
    public async Task A_batch_is_all_or_nothing_a_404_on_the_last_item_applies_none()
    {
        using var api = NewUser();
        var first = await api.PushAsync(0, Bookmark(8, 1));
        var before = await api.PullAllAsync();

        var reply = await api.PushAsync(first.Head, Bookmark(8, 2), Collection("Not kept"), Delete("NOTE", "zzzzzzzzzzzzzzzzzzzzzzzz"));

        Assert.Equal(HttpStatusCode.NotFound, reply.Status);
        Assert.Equal("not_found", reply.Body!["type"]!.GetValue<string>());
        Assert.Equal("NotFound", reply.Error["code"]!.GetValue<string>());
        Assert.Equal(2, reply.Error["index"]!.GetValue<int>());
        Assert.Equal("Resource not found at mutation[2]", reply.ErrorMessage);
        Assert.Equal(before.Count, (await api.PullAllAsync()).Count);
        Assert.Equal(first.Head, await api.HeadAsync());
    }

    [Fact]
    public async Task First_push_accepts_minus_one_as_the_head()
    {
        using var api = NewUser();

        var reply = await api.PushAsync(-1, Bookmark(9, 1));

        Assert.Equal(HttpStatusCode.OK, reply.Status);
    }

    [Fact]
    public async Task Push_at_minus_one_after_the_first_push_is_409()
    {
        using var api = NewUser();
        await api.PushAsync(0, Bookmark(9, 2));

        var reply = await api.PushAsync(-1, Bookmark(9, 3));

        Assert.Equal(HttpStatusCode.Conflict, reply.Status);
    }

    [Theory]
    [InlineData("", "Missing lastMutationAt")]
    [InlineData("?lastMutationAt=", "Missing lastMutationAt")]
    [InlineData("?lastMutationAt=now", "Invalid lastMutationAt: not an integer")]
    public async Task Push_with_a_missing_or_non_numeric_lastMutationAt_is_400(string query, string message)
    {
        using var api = NewUser();

        using var response = await api.Http.PostAsync($"/v1/sync{query}", Json(BookmarkBody()), Ct);
        var reply = await Syncline.Testing.Servers.SyncReply.ReadAsync(response, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal(message, reply.ErrorMessage);
    }

    [Fact]
    public async Task Push_with_lastMutationAt_below_minus_one_is_422()
    {
        using var api = NewUser();

        var reply = await api.PushAsync(-2, Bookmark(9, 4));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, reply.Status);
    }

    [Theory]
    [InlineData("{\"mutations\":[", HttpStatusCode.BadRequest, "Malformed JSON body")]
    [InlineData("not json", HttpStatusCode.BadRequest, "Malformed JSON body")]
    [InlineData("", HttpStatusCode.BadRequest, "Malformed JSON body")]
    [InlineData("[]", HttpStatusCode.UnprocessableEntity, "Invalid mutations")]
    [InlineData("{}", HttpStatusCode.UnprocessableEntity, "Invalid mutations")]
    [InlineData("{\"mutations\":{}}", HttpStatusCode.UnprocessableEntity, "Invalid mutations")]
    [InlineData("{\"mutations\":[]}", HttpStatusCode.UnprocessableEntity, "Invalid mutations")]
    public async Task Malformed_bodies_are_refused_and_change_nothing(string body, HttpStatusCode status, string message)
    {
        using var api = NewUser();

        var reply = await api.PushAsync(0, body, null, Ct);

        Assert.Equal(status, reply.Status);
        Assert.Equal(message, reply.ErrorMessage);
        Assert.Equal(0, await api.HeadAsync());
    }

    [Fact]
    public async Task More_than_100_mutations_is_422()
    {
        using var api = NewUser();

        var reply = await api.PushAsync(0, [.. Enumerable.Range(1, 101).Select(i => Bookmark(2, i))]);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, reply.Status);
        Assert.Equal("Mutations must not exceed 100", reply.ErrorMessage);
        Assert.Equal(0, await api.HeadAsync());
    }

    [Theory]
    [InlineData("""{"type":"CREATE","data":{}}""", "Missing resource at mutation[1]")]
    [InlineData("""{"type":"CREATE","resource":"SHELF","data":{}}""", "Invalid resource: \"SHELF\" at mutation[1]")]
    [InlineData("""{"resource":"NOTE","data":{}}""", "Missing mutation type at mutation[1]")]
    [InlineData("""{"type":"MOVE","resource":"NOTE","data":{}}""", "Invalid mutation type: \"MOVE\" at mutation[1]")]
    [InlineData("""{"type":"UPDATE","resource":"NOTE","data":{"body":"long enough"}}""", "Missing resourceId at mutation[1]")]
    [InlineData("""{"type":"DELETE","resource":"NOTE","resourceId":42}""", "Invalid resourceId at mutation[1]")]
    [InlineData("""{"type":"CREATE","resource":"NOTE"}""", "Missing data at mutation[1]")]
    [InlineData("""{"type":"CREATE","resource":"BOOKMARK","data":{"key":115,"verseNumber":1}}""", "Invalid key at mutation[1]")]
    public async Task Invalid_item_is_422_naming_its_index_and_changes_nothing(string item, string message)
    {
        using var api = NewUser();
        var body = """{"mutations":[{"type":"CREATE","resource":"BOOKMARK","data":{"key":1,"verseNumber":1}},""" + item + "]}";

        var reply = await api.PushAsync(0, body, null, Ct);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, reply.Status);
        Assert.Equal("unprocessable_entity", reply.Body!["type"]!.GetValue<string>());
        Assert.Equal("ValidationError", reply.Error["code"]!.GetValue<string>());
        Assert.Equal(message, reply.ErrorMessage);
        Assert.Equal(1, reply.Error["index"]!.GetValue<int>());
        Assert.Equal(0, await api.HeadAsync());
    }

    [Fact]
    public async Task Resource_and_type_names_are_accepted_in_any_case_and_emitted_upper_case()
    {
        using var api = NewUser();

        var reply = await api.PushAsync(0, new JsonObject
        {
            ["type"] = "create",
            ["resource"] = "Bookmark",
            ["data"] = new JsonObject { ["key"] = 1, ["verseNumber"] = 3 },
        });

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("CREATE", reply.Mutations[0]["type"]!.GetValue<string>());
        Assert.Equal("BOOKMARK", reply.Mutations[0]["resource"]!.GetValue<string>());
    }

    private static string BookmarkBody() => """{"mutations":[{"type":"CREATE","resource":"BOOKMARK","data":{"key":1,"verseNumber":1}}]}""";

    private static StringContent Json(string body) => new(body, System.Text.Encoding.UTF8, "application/json");
}
