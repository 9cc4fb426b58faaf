using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Xunit;

namespace Syncline.Testing.Servers;

/// <summary>Speaks the User Sync API over HTTP as one user, and returns what came back, raw and parsed.</summary>
public sealed class SyncApi(Uri baseAddress, string token) : IDisposable
{
    private readonly HttpClient _http = CreateClient(baseAddress, token);

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
