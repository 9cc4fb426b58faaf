using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using static Syncline.Testing.Servers.Mutations;

namespace Syncline.Server.Tests.Contract;

public abstract partial class SyncApiContractTests<TFixture>
{
    [Fact]
    public async Task Oversized_body_is_413_and_changes_nothing()
    {
        using var api = NewUser();
        var huge = Note(new string('é', 9000), "1:1-1:2");
        var body = new JsonObject { ["mutations"] = new JsonArray([.. Enumerable.Range(0, 100).Select(_ => huge.DeepClone())]) }.ToJsonString();
        Assert.True(Encoding.UTF8.GetByteCount(body) > 1024 * 1024);

        var reply = await api.PushAsync(0, body, null, Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, reply.Status);
        Assert.Equal("payload_too_large", reply.Body!["type"]!.GetValue<string>());
        Assert.Equal("PayloadTooLarge", reply.Error["code"]!.GetValue<string>());
        Assert.Equal(0, await api.HeadAsync());
    }

    [Fact]
    public async Task Oversized_chunked_body_without_content_length_is_413()
    {
        using var api = NewUser();
        var payload = Encoding.UTF8.GetBytes(new string(' ', (1024 * 1024) + 10) + "{}");
        using var content = new StreamContent(new MemoryStream(payload));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/sync?lastMutationAt=0") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await api.Http.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Health_is_200_when_the_store_answers()
    {
        using var http = Server.Http();

        using var response = await http.GetAsync("/health", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task OpenApi_document_describes_both_sync_operations()
    {
        using var http = Server.Http();

        var document = JsonNode.Parse(await http.GetStringAsync("/openapi/v1.json", Ct))!;

        var sync = document["paths"]!["/v1/sync"]!;
        Assert.NotNull(sync["get"]);
        Assert.NotNull(sync["post"]!["requestBody"]);
    }

    [Fact]
    public async Task Rate_limit_answers_429_with_Retry_After_once_the_burst_is_spent()
    {
        await using var limited = await Fixture.StartServerAsync(new Dictionary<string, string?>
        {
            ["Syncline:RateLimit:PermitsPerSecond"] = "1",
            ["Syncline:RateLimit:Burst"] = "3",
        });
        using var api = limited.Server.Api(NewUserId());
        using var other = limited.Server.Api(NewUserId());

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            statuses.Add((await api.PullAsync(0)).Status);
        }

        var refused = await api.PullAsync(0);
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        Assert.Equal("rate_limit_exceeded", refused.Body!["type"]!.GetValue<string>());
        Assert.Equal("RateLimited", refused.Error["code"]!.GetValue<string>());
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        // The bucket is per user: another user is not held back.
        Assert.Equal(HttpStatusCode.OK, (await other.PullAsync(0)).Status);
    }

    [Fact]
    public async Task Store_failure_is_a_500_with_a_request_id_and_no_stack_trace()
    {
        await using var broken = await Fixture.StartServerAsync();
        using var api = broken.Server.Api(NewUserId());
        await BreakStoreAsync(broken.Server);

        var reply = await api.PushAsync(0, Bookmark(1, 1));

        Assert.Equal(HttpStatusCode.InternalServerError, reply.Status);
        Assert.Equal("internal_server_error", reply.Body!["type"]!.GetValue<string>());
        Assert.Equal("InternalError", reply.Error["code"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(reply.Error["requestId"]?.GetValue<string>()));
        Assert.DoesNotContain(" at ", reply.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", reply.Text, StringComparison.Ordinal);
    }

    /// <summary>Drops the log table under the running server, so the next push fails inside the store.</summary>
    protected virtual async Task BreakStoreAsync(Support.SyncServer server)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(server.DataDirectory, "syncline.db")};Pooling=False");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "DROP TABLE log";
        await command.ExecuteNonQueryAsync(Ct);
    }
}
