using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Syncline.Protocol;

namespace Syncline.Client.Sync;

/// <summary>
/// The two calls of the User Sync API over the app's <see cref="HttpClient"/>. Says what happened,
/// and leaves what to do about it to the engine. A 401 gets one fresh token before it counts.
/// The <see cref="ServerProfile"/> decides the credential headers and whether pushes carry an idempotency key.
/// </summary>
internal sealed class SyncHttp(
    HttpClient http, Uri serverUrl, Func<CancellationToken, ValueTask<string>> tokenProvider, TimeProvider time, ServerProfile profile = ServerProfile.Syncline, string? clientId = null)
{
    /// <summary>Whether the server keeps a push's reply under its <c>Idempotency-Key</c>, so a resend is safe.</summary>
    public bool SendsIdempotencyKeys => profile == ServerProfile.Syncline;

    private string? _token;

    /// <summary>
    /// One keyset page after <paramref name="since"/>. <paramref name="startedFrom"/>: where this walk of pages
    /// began, sent when it differs so a walk from 0 is not mistaken for a cursor older than the server's history.
    /// </summary>
    public async Task<HttpOutcome<PullPage>> PullAsync(long since, long startedFrom, int limit, CancellationToken ct)
    {
        // A cursor of -1 (an account with no history yet) pulls from 0: no entry has a timestamp below 1.
        since = Math.Max(since, 0);
        startedFrom = Math.Max(startedFrom, 0);
        var walk = startedFrom < since ? $"&startedFrom={startedFrom.ToString(CultureInfo.InvariantCulture)}" : string.Empty;
        var uri = new Uri(serverUrl, $"v1/sync?mutationsSince={since.ToString(CultureInfo.InvariantCulture)}&limit={limit.ToString(CultureInfo.InvariantCulture)}{walk}");
        return await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, uri), SynclineJsonContext.Default.SyncEnvelopePullPage, ct).ConfigureAwait(false);
    }

    public async Task<HttpOutcome<long>> HeadAsync(CancellationToken ct)
    {
        var uri = new Uri(serverUrl, "v1/sync?mutationsSince=0&metadataOnly=true");
        var outcome = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, uri), SynclineJsonContext.Default.SyncEnvelopeSyncHead, ct).ConfigureAwait(false);
        return new HttpOutcome<long>(outcome.Status, outcome.Value?.LastMutationAt ?? 0, outcome.Error, outcome.RetryAfter, outcome.Transport);
    }

    public async Task<HttpOutcome<PushResult>> PushAsync(long lastMutationAt, string body, string idempotencyKey, CancellationToken ct)
    {
        var uri = new Uri(serverUrl, $"v1/sync?lastMutationAt={lastMutationAt.ToString(CultureInfo.InvariantCulture)}");
        return await SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            if (SendsIdempotencyKeys)
            {
                request.Headers.Add("Idempotency-Key", idempotencyKey);
            }

            return request;
        }, SynclineJsonContext.Default.SyncEnvelopePushResult, ct).ConfigureAwait(false);
    }

    private void Authorize(HttpRequestMessage request, string token)
    {
        if (profile == ServerProfile.Upstream)
        {
            // The upstream gateway reads its own headers, not Authorization.
            request.Headers.TryAddWithoutValidation("x-auth-token", token);
        }
        else
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (clientId is not null)
        {
            request.Headers.TryAddWithoutValidation("x-client-id", clientId);
        }
    }

    private async Task<HttpOutcome<T>> SendAsync<T>(
        Func<HttpRequestMessage> create, System.Text.Json.Serialization.Metadata.JsonTypeInfo<SyncEnvelope<T>> typeInfo, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            _token ??= await tokenProvider(ct).ConfigureAwait(false);
            using var request = create();
            Authorize(request, _token);
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
            }
            catch (HttpRequestException exception)
            {
                // Only a failure to connect proves the server never saw the request.
                return HttpOutcome<T>.TransportFailure(exception.Message, maybeApplied: exception.HttpRequestError != HttpRequestError.ConnectionError);
            }
            catch (Exception exception) when (exception is System.Net.Sockets.SocketException or IOException)
            {
                // SocketsHttpHandler lets a few raw socket errors through unwrapped, e.g. "Transport endpoint is
                // not connected" when a connection is reset the moment it opens. Found by the fault simulation.
                return HttpOutcome<T>.TransportFailure(exception.Message, maybeApplied: true);
            }
            catch (Exception exception) when (exception is OperationCanceledException or Polly.Timeout.TimeoutRejectedException && !ct.IsCancellationRequested)
            {
                // HttpClient.Timeout, or a resilience pipeline's timeout: the request may have been applied.
                return HttpOutcome<T>.TransportFailure($"timed out: {exception.Message}", maybeApplied: true);
            }

            using (response)
            {
                if (response.StatusCode == HttpStatusCode.Unauthorized && attempt == 0)
                {
                    // The token may have expired: ask once for a fresh one.
                    _token = null;
                    continue;
                }

                var retryAfter = response.Headers.RetryAfter?.Delta
                    ?? (response.Headers.RetryAfter?.Date is { } date ? date - time.GetUtcNow() : null);
                if (!response.IsSuccessStatusCode)
                {
                    var body = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
                    return ErrorBody.TryRead(body, (int)response.StatusCode) is { } error
                        ? new HttpOutcome<T>(response.StatusCode, default, error, retryAfter, null)
                        // Not a server's answer (a proxy's error page): a failed attempt, tried again later, like a
                        // network failure but not "offline". A gateway's 502 or 504 may come after the server
                        // behind it applied the request.
                        : new HttpOutcome<T>(
                            response.StatusCode, default, null, retryAfter, ErrorBody.Describe(body, (int)response.StatusCode),
                            MaybeApplied: response.StatusCode is HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout);
                }

                using var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
                try
                {
                    var envelope = await JsonSerializer.DeserializeAsync(stream, typeInfo, ct).ConfigureAwait(false);
                    if (envelope is not { Data: not null })
                    {
                        // A 200 without data (a gateway's "success": false) is no acknowledgement: the request may
                        // still have been applied, so it is settled like a lost response.
                        return HttpOutcome<T>.TransportFailure($"{(int)response.StatusCode} response without data", maybeApplied: true);
                    }

                    return new HttpOutcome<T>(response.StatusCode, envelope.Data, null, retryAfter, null);
                }
                catch (JsonException exception)
                {
                    // A cut connection or a body that is not the envelope: the request may have been applied.
                    return HttpOutcome<T>.TransportFailure($"unreadable {(int)response.StatusCode} response: {exception.Message}", maybeApplied: true);
                }
            }
        }
    }
}

/// <summary>
/// What one call came to: a status and value or error body; or a transport failure, with no status when
/// nothing answered, or with the status of an answer that could not be read (<see cref="Transport"/> says why).
/// </summary>
internal sealed record HttpOutcome<T>(HttpStatusCode Status, T? Value, ErrorResponse? Error, TimeSpan? RetryAfter, string? Transport, bool MaybeApplied = false)
{
    public bool Succeeded => Transport is null && (int)Status is >= 200 and < 300;

    /// <summary>No server answered at all (as opposed to an answer nobody could read).</summary>
    public bool Unreachable => Transport is not null && Status == 0;

    /// <summary>Worth retrying later: the network, a timeout, an unreadable answer, 5xx or 429; never a refused token.</summary>
    public bool IsTransient => Status != HttpStatusCode.Unauthorized
        && (Transport is not null || (int)Status >= 500 || Status == HttpStatusCode.TooManyRequests);

    public string Describe() => Transport ?? $"{(int)Status} {Error?.Message ?? Status.ToString()}";

    /// <summary>
    /// A failure with no answer. <paramref name="maybeApplied"/>: the request may have reached the
    /// server (a reset or timeout after sending), so a push must be resent with its key, never given up.
    /// </summary>
    public static HttpOutcome<T> TransportFailure(string reason, bool maybeApplied) => new(0, default, null, null, reason, maybeApplied);
}
