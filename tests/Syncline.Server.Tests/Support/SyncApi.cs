using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Syncline.Server.Tests.Support;

/// <summary>Speaks the User Sync API over HTTP as one user, and returns what came back, raw and parsed.</summary>
public sealed class SyncApi(Uri baseAddress, string token) : IDisposable
{
    private readonly HttpClient _http = CreateClient(baseAddress, token);

    public SyncApi(SyncServer server, string token)
        : this(server.BaseAddress, token)
    {
    }

    public HttpClient Http => _http;

    public Task<SyncReply> PullAsync(long since = 0, string extraQuery = "") =>
        GetAsync($"/v1/sync?mutationsSince={since}{extraQuery}");

    public async Task<SyncReply> GetAsync(string pathAndQuery)
    {
        var ct = TestContext.Current.CancellationToken;
        using var response = await _http.GetAsync(pathAndQuery, ct);
        return await SyncReply.ReadAsync(response, ct);
    }

    public Task<SyncReply> PushAsync(long lastMutationAt, params JsonObject[] mutations) =>
        PushAsync(lastMutationAt, new JsonObject { ["mutations"] = new JsonArray([.. mutations]) }.ToJsonString(), null, TestContext.Current.CancellationToken);

    public Task<SyncReply> PushAsync(long lastMutationAt, string? idempotencyKey, params JsonObject[] mutations) =>
        PushAsync(lastMutationAt, new JsonObject { ["mutations"] = new JsonArray([.. mutations]) }.ToJsonString(), idempotencyKey, TestContext.Current.CancellationToken);

    public async Task<SyncReply> PushAsync(long lastMutationAt, string body, string? idempotencyKey, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/sync?lastMutationAt={lastMutationAt}")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        using var response = await _http.SendAsync(request, ct);
        return await SyncReply.ReadAsync(response, ct);
    }

    /// <summary>Pulls everything after <paramref name="since"/> (from 0: all of it) by keyset and returns the entries.</summary>
    public async Task<List<JsonObject>> PullAllAsync(long since = 0)
    {
        var entries = new List<JsonObject>();
        while (true)
        {
            var page = await PullAsync(since, "&limit=1000");
            Assert.Equal(HttpStatusCode.OK, page.Status);
            var batch = page.Mutations;
            entries.AddRange(batch);
            if (!page.Data["hasMore"]!.GetValue<bool>())
            {
                return entries;
            }

            since = batch[^1]["timestamp"]!.GetValue<long>();
        }
    }

    public async Task<long> HeadAsync() => (await PullAsync(0, "&metadataOnly=true")).Head;

    public void Dispose() => _http.Dispose();

    private static HttpClient CreateClient(Uri baseAddress, string token)
    {
        var http = new HttpClient { BaseAddress = baseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }
}

/// <summary>A response: status, headers, and the JSON body.</summary>
public sealed record SyncReply(HttpStatusCode Status, HttpResponseHeaders Headers, string Text, JsonObject? Body)
{
    public JsonObject Data => Body!["data"]!.AsObject();

    public long Head => Data["lastMutationAt"]!.GetValue<long>();

    public List<JsonObject> Mutations => [.. Data["mutations"]!.AsArray().Select(m => m!.AsObject())];

    public JsonObject Error => Body!["error"]!.AsObject();

    public string ErrorMessage => Body!["message"]!.GetValue<string>();

    public long? MutationAtHeader =>
        Headers.TryGetValues("X-Mutation-At", out var values) ? long.Parse(values.Single(), System.Globalization.CultureInfo.InvariantCulture) : null;

    public static async Task<SyncReply> ReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        JsonObject? body = null;
        if (text.Length > 0 && text[0] == '{')
        {
            body = JsonNode.Parse(text)!.AsObject();
        }

        return new SyncReply(response.StatusCode, response.Headers, text, body);
    }

    public override string ToString() => $"{(int)Status} {Text}";
}

/// <summary>Builders for push items, so tests read like the protocol.</summary>
public static class Mutations
{
    public static JsonObject Create(string resource, JsonObject data) =>
        new() { ["type"] = "CREATE", ["resource"] = resource, ["data"] = data };

    public static JsonObject Update(string resource, string id, JsonObject data) =>
        new() { ["type"] = "UPDATE", ["resource"] = resource, ["resourceId"] = id, ["data"] = data };

    public static JsonObject Delete(string resource, string id) =>
        new() { ["type"] = "DELETE", ["resource"] = resource, ["resourceId"] = id };

    public static JsonObject Bookmark(int surah, int? ayah = null, string type = "ayah", int mushaf = 1)
    {
        var data = new JsonObject { ["type"] = type, ["key"] = surah, ["mushaf"] = mushaf };
        if (ayah is not null)
        {
            data["verseNumber"] = ayah;
        }

        return Create("BOOKMARK", data);
    }

    public static JsonObject Collection(string name) => Create("COLLECTION", new JsonObject { ["name"] = name });

    public static JsonObject Note(string body, params string[] ranges) =>
        Create("NOTE", new JsonObject { ["body"] = body, ["ranges"] = new JsonArray([.. ranges.Select(r => (JsonNode)r)]) });

    public static JsonObject ReadingSession(int chapter, int verse) =>
        Create("READING_SESSION", new JsonObject { ["chapterNumber"] = chapter, ["verseNumber"] = verse });

    public static JsonObject Link(string collectionId, string bookmarkId) =>
        Create("COLLECTION_BOOKMARK", new JsonObject { ["collectionId"] = collectionId, ["bookmarkId"] = bookmarkId });

    public static JsonObject Unlink(string collectionId, string bookmarkId) => new()
    {
        ["type"] = "DELETE",
        ["resource"] = "COLLECTION_BOOKMARK",
        ["data"] = new JsonObject { ["collectionId"] = collectionId, ["bookmarkId"] = bookmarkId },
    };

    /// <summary>A link that names its bookmark by details; the server finds the bookmark or creates it.</summary>
    public static JsonObject LinkByDetails(string collectionId, int surah, int? ayah = null, string type = "ayah", int mushaf = 1)
    {
        var data = new JsonObject { ["collectionId"] = collectionId, ["type"] = type, ["key"] = surah, ["mushaf"] = mushaf };
        if (ayah is not null)
        {
            data["verseNumber"] = ayah;
        }

        return Create("COLLECTION_BOOKMARK", data);
    }

    /// <summary>A copy of <paramref name="mutation"/> with one more field in its data, e.g. <c>Bookmark(2, 255).With("isReading", true)</c>.</summary>
    public static JsonObject With(this JsonObject mutation, string name, JsonNode? value)
    {
        var copy = mutation.DeepClone().AsObject();
        copy["data"]![name] = value;
        return copy;
    }
}
