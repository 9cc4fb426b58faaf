using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Syncline.Protocol;

namespace Syncline.Benchmarks;

/// <summary>
/// One user's device: its own HTTP connection and token, speaking the User Sync API and reading
/// the responses with the protocol's source-generated JSON types, as a real client would.
/// </summary>
internal sealed class UserClient : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly HttpClient _http;

    public UserClient(Uri baseAddress, string token)
    {
        _http = new HttpClient(new SocketsHttpHandler()) { BaseAddress = baseAddress };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    /// <summary><c>GET /v1/sync</c>: one page of entries after <paramref name="since"/>.</summary>
    public async Task<PullPage> PullAsync(long since, int limit, CancellationToken cancellationToken)
    {
        var uri = string.Create(CultureInfo.InvariantCulture, $"/v1/sync?mutationsSince={since}&limit={limit}");
        using var response = await _http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await EnsureOkAsync(response, cancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var envelope = await JsonSerializer.DeserializeAsync(body, SynclineJsonContext.Default.SyncEnvelopePullPage, cancellationToken);
        return envelope!.Data;
    }

    /// <summary><c>POST /v1/sync</c>: one batch, pushed at <paramref name="lastMutationAt"/>.</summary>
    public async Task<PushResult> PushAsync(long lastMutationAt, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var uri = string.Create(CultureInfo.InvariantCulture, $"/v1/sync?lastMutationAt={lastMutationAt}");
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ReadOnlyMemoryContent(body) };
        request.Content.Headers.ContentType = Json;
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await EnsureOkAsync(response, cancellationToken);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var envelope = await JsonSerializer.DeserializeAsync(stream, SynclineJsonContext.Default.SyncEnvelopePushResult, cancellationToken);
        return envelope!.Data;
    }

    public void Dispose() => _http.Dispose();

    /// <summary>The workload expects every call to succeed; anything else stops it with the server's answer.</summary>
    private static async Task EnsureOkAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            throw new HttpRequestException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {text}");
        }
    }
}
