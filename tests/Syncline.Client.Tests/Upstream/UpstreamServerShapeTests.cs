using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Syncline.Testing.Upstream;

namespace Syncline.Client.Tests.Upstream;

/// <summary>The upstream-shaped test server answers in the shapes UPSTREAM.md records, so tests against it mean something.</summary>
public sealed class UpstreamServerShapeTests : IAsyncLifetime
{
    private const string Token = "token-a";
    private const string User = "user-a";
    private UpstreamServer _server = null!;
    private readonly HttpClient _http = new();

    public async ValueTask InitializeAsync() =>
        _server = await UpstreamServer.StartAsync(new Dictionary<string, string> { [Token] = User }, cancellationToken: TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task A_request_without_x_client_id_is_refused_with_401_even_with_an_Authorization_header()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_server.BaseUrl, "v1/sync?mutationsSince=0"));
        request.Headers.Add("x-auth-token", Token);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);

        using var response = await _http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_new_account_under_the_default_collection_rule_starts_with_a_positive_head_and_the_default_collection()
    {
        var (status, body) = await SendAsync(HttpMethod.Get, "v1/sync?mutationsSince=0");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(body["data"]!["lastMutationAt"]!.GetValue<long>() > 0);
        var entry = Assert.Single(body["data"]!["mutations"]!.AsArray());
        Assert.Equal(("COLLECTION", "__default__"), (entry!["resource"]!.GetValue<string>(), entry["resourceId"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Under_the_minus_one_rule_a_new_account_reports_minus_one_and_refuses_a_first_push_with_0()
    {
        _server.FirstSync = FirstSync.MinusOne;

        var (_, pull) = await SendAsync(HttpMethod.Get, "v1/sync?mutationsSince=0");
        var (status, refusal) = await SendAsync(HttpMethod.Post, "v1/sync?lastMutationAt=0", Note("first note body"));

        Assert.Equal(-1, pull["data"]!["lastMutationAt"]!.GetValue<long>());
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("First sync detected. Please use lastMutationAt=-1 for initial sync.", refusal["details"]!["error"]!["message"]!.GetValue<string>());
        Assert.Equal(0, _server.CountNotes(User, "first note body"));
    }

    [Fact]
    public async Task Under_the_minus_one_rule_the_first_push_with_minus_one_is_applied()
    {
        _server.FirstSync = FirstSync.MinusOne;

        var (status, body) = await SendAsync(HttpMethod.Post, "v1/sync?lastMutationAt=-1", Note("first note body"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1, _server.CountNotes(User, "first note body"));
        Assert.Equal(_server.Head(User), body["data"]!["lastMutationAt"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_stale_head_gets_the_gateway_wrapped_409_with_a_request_id_and_no_head()
    {
        var (status, body) = await SendAsync(HttpMethod.Post, "v1/sync?lastMutationAt=1", Note("stale note body"));

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal(("Conflict", "OutOfSyncError", "Invalid lastMutationAt"), (
            body["type"]!.GetValue<string>(), body["details"]!["error"]!["code"]!.GetValue<string>(), body["message"]!.GetValue<string>()));
        Assert.NotNull(body["requestId"]);
        Assert.Null(body["error"]);
        Assert.Null(body["details"]!["error"]!["lastMutationAt"]);
    }

    [Fact]
    public async Task A_link_create_with_a_bookmarkId_gets_the_wrapped_422_and_the_batch_changes_nothing()
    {
        var head = _server.Head(User);
        var body = Mutations(
            NoteMutation("applied only with its batch"),
            new JsonObject { ["type"] = "CREATE", ["resource"] = "COLLECTION_BOOKMARK", ["data"] = new JsonObject { ["collectionId"] = "__default__", ["bookmarkId"] = "b", ["type"] = "ayah", ["key"] = 2, ["verseNumber"] = 255 } });

        var (status, refusal) = await SendAsync(HttpMethod.Post, $"v1/sync?lastMutationAt={head}", body);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("\"bookmarkId\" is not allowed", refusal["message"]!.GetValue<string>());
        Assert.Null(refusal["details"]!["error"]!["index"]);
        Assert.Equal((head, 0), (_server.Head(User), _server.CountNotes(User, "applied only with its batch")));
    }

    [Fact]
    public async Task A_link_created_by_coordinates_finds_or_creates_its_bookmark_and_pulls_with_a_null_resourceId()
    {
        var head = _server.Head(User);
        var link = new JsonObject { ["type"] = "CREATE", ["resource"] = "COLLECTION_BOOKMARK", ["data"] = new JsonObject { ["collectionId"] = "__default__", ["type"] = "ayah", ["key"] = 2, ["verseNumber"] = 255, ["mushaf"] = 1 } };

        var (_, push) = await SendAsync(HttpMethod.Post, $"v1/sync?lastMutationAt={head}", Mutations(link));
        var (_, pull) = await SendAsync(HttpMethod.Get, $"v1/sync?mutationsSince={head}");

        var ack = push["data"]!["mutations"]![0]!;
        Assert.Null(ack["resourceId"]);
        var bookmark = Assert.Single(_server.Records(User, "BOOKMARK"));
        Assert.Equal(bookmark.Id, ack["data"]!["bookmarkId"]!.GetValue<string>());
        var pulledLink = pull["data"]!["mutations"]!.AsArray().Single(m => m!["resource"]!.GetValue<string>() == "COLLECTION_BOOKMARK")!;
        Assert.Equal(System.Text.Json.JsonValueKind.Null, pulledLink["resourceId"]?.GetValueKind() ?? System.Text.Json.JsonValueKind.Null);
        Assert.True(pulledLink.AsObject().ContainsKey("resourceId"));
        Assert.Equal(255, pulledLink["data"]!["verseNumber"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_pull_gives_the_current_state_and_leaves_out_what_was_created_and_deleted_after_the_cursor()
    {
        var head = _server.Head(User);
        var (_, created) = await SendAsync(HttpMethod.Post, $"v1/sync?lastMutationAt={head}", Mutations(NoteMutation("a note to update"), NoteMutation("a note to delete")));
        var kept = created["data"]!["mutations"]![0]!["resourceId"]!.GetValue<string>();
        var gone = created["data"]!["mutations"]![1]!["resourceId"]!.GetValue<string>();
        var (_, changed) = await SendAsync(HttpMethod.Post, $"v1/sync?lastMutationAt={_server.Head(User)}", Mutations(
            new JsonObject { ["type"] = "UPDATE", ["resource"] = "NOTE", ["resourceId"] = kept, ["data"] = new JsonObject { ["body"] = "the updated note" } },
            new JsonObject { ["type"] = "DELETE", ["resource"] = "NOTE", ["resourceId"] = gone }));

        var (_, pull) = await SendAsync(HttpMethod.Get, $"v1/sync?mutationsSince={head}");

        var entry = Assert.Single(pull["data"]!["mutations"]!.AsArray());
        Assert.Equal(("CREATE", kept, "the updated note"), (entry!["type"]!.GetValue<string>(), entry["resourceId"]!.GetValue<string>(), entry["data"]!["body"]!.GetValue<string>()));
        Assert.Equal(changed["data"]!["mutations"]![0]!["timestamp"]!.GetValue<long>(), entry["timestamp"]!.GetValue<long>());
    }

    [Fact]
    public async Task Pages_follow_the_keyset_with_limit_and_hasMore()
    {
        var head = _server.Head(User);
        await SendAsync(HttpMethod.Post, $"v1/sync?lastMutationAt={head}", Mutations(NoteMutation("first of three"), NoteMutation("second of three"), NoteMutation("third of three")));

        var (_, first) = await SendAsync(HttpMethod.Get, $"v1/sync?mutationsSince={head}&limit=2");
        var last = first["data"]!["mutations"]![1]!["timestamp"]!.GetValue<long>();
        var (_, second) = await SendAsync(HttpMethod.Get, $"v1/sync?mutationsSince={last}&limit=2");

        Assert.Equal((2, true), (first["data"]!["mutations"]!.AsArray().Count, first["data"]!["hasMore"]!.GetValue<bool>()));
        var rest = Assert.Single(second["data"]!["mutations"]!.AsArray());
        Assert.Equal("third of three", rest!["data"]!["body"]!.GetValue<string>());
        Assert.False(second["data"]!["hasMore"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_resent_batch_applies_twice_because_idempotency_keys_are_ignored()
    {
        var body = Note("sent twice with one key");

        await SendAsync(HttpMethod.Post, $"v1/sync?lastMutationAt={_server.Head(User)}", body, idempotencyKey: "same-key");
        await SendAsync(HttpMethod.Post, $"v1/sync?lastMutationAt={_server.Head(User)}", body, idempotencyKey: "same-key");

        Assert.Equal(2, _server.CountNotes(User, "sent twice with one key"));
    }

    [Fact]
    public async Task A_lost_response_is_applied_and_the_connection_is_cut()
    {
        _server.LoseNextPostResponses(1);

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => SendAsync(HttpMethod.Post, $"v1/sync?lastMutationAt={_server.Head(User)}", Note("applied but never answered")));

        Assert.Equal(1, _server.CountNotes(User, "applied but never answered"));
        var (status, _) = await SendAsync(HttpMethod.Post, $"v1/sync?lastMutationAt={_server.Head(User)}", Note("answered as usual"));
        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task A_loss_meant_for_another_user_leaves_this_users_responses_alone()
    {
        _server.LoseNextPostResponses(1, userId: "someone-else");

        var (status, _) = await SendAsync(HttpMethod.Post, $"v1/sync?lastMutationAt={_server.Head(User)}", Note("answered as usual"));

        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task Client_timestamps_are_read_as_ISO_8601_and_echoed_with_milliseconds()
    {
        var note = NoteMutation("a note with client times");
        note["data"]!["clientCreatedAt"] = "2026-07-06T21:55:26Z";

        var (_, push) = await SendAsync(HttpMethod.Post, $"v1/sync?lastMutationAt={_server.Head(User)}", Mutations(note));

        Assert.Equal("2026-07-06T21:55:26.000Z", push["data"]!["mutations"]![0]!["data"]!["clientCreatedAt"]!.GetValue<string>());
    }

    private static JsonObject NoteMutation(string body) => new()
    {
        ["type"] = "CREATE", ["resource"] = "NOTE", ["data"] = new JsonObject { ["body"] = body, ["ranges"] = new JsonArray("1:1-1:2") },
    };

    private static JsonObject Note(string body) => Mutations(NoteMutation(body));

    private static JsonObject Mutations(params JsonObject[] items) => new() { ["mutations"] = new JsonArray([.. items]) };

    private async Task<(HttpStatusCode Status, JsonNode Body)> SendAsync(HttpMethod method, string path, JsonObject? body = null, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(_server.BaseUrl, path));
        request.Headers.Add("x-auth-token", Token);
        request.Headers.Add("x-client-id", "shape-tests");
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        using var response = await _http.SendAsync(request, TestContext.Current.CancellationToken);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!);
    }
}
