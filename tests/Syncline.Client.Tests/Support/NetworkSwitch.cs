namespace Syncline.Client.Tests.Support;

/// <summary>
/// Sits between a client and the real server to stage network faults: no network at all, or a
/// response lost after the server handled the request. Everything else passes through untouched.
/// </summary>
public sealed class NetworkSwitch() : DelegatingHandler(new SocketsHttpHandler())
{
    private int _dropResponses;
    private int _sendTwice;
    private int _holdNext;
    private HttpRequestMessage? _held;
    private int _failAfter = int.MaxValue;
    private Exception? _nextFailure;

    /// <summary>When true, pushes fail as an unreachable server does, while pulls go through.</summary>
    public bool RefusePushes { get; set; }

    /// <summary>When false, every request fails as an unreachable server does.</summary>
    public bool Online { get; set; } = true;

    /// <summary>When true, pushes get a 503 with the protocol's error body without reaching the server (an overloaded gateway); pulls go through.</summary>
    public bool AnswerPushesWith503 { get; set; }

    /// <summary>When set, pushes get this status and body without reaching the server (another server's or a gateway's answer); pulls go through.</summary>
    public (System.Net.HttpStatusCode Status, string Body)? AnswerPushesWith { get; set; }

    /// <summary>
    /// When set, a push whose body contains <c>Text</c> gets this status and body without reaching the server: a
    /// server that refuses one item of a batch and, like the upstream gateway, does not say which. Others go through.
    /// </summary>
    public (string Text, System.Net.HttpStatusCode Status, string Body)? RefusePushesContaining { get; set; }

    /// <summary>Every request that reached the server, as method and path with query.</summary>
    public List<string> Requests { get; } = [];

    /// <summary>Every response, as its status and when it arrived.</summary>
    public List<(System.Net.HttpStatusCode Status, DateTimeOffset At)> Responses { get; } = [];

    /// <summary>
    /// The next push reaches the server twice, and the client sees only the second answer: what SocketsHttpHandler
    /// does by itself when a reused connection dies before any answer comes back.
    /// </summary>
    public void SendNextPushTwice() => _sendTwice = 1;

    /// <summary>
    /// The next push is held in the network, as a proxy may hold a request past the client's patience: the client's
    /// call fails as on a reset connection, and the server gets the push only at <see cref="DeliverHeldPushAsync"/>.
    /// </summary>
    public void HoldNextPush() => _holdNext = 1;

    /// <summary>Delivers the push <see cref="HoldNextPush"/> held, late; returns the status the server answered (nobody hears it).</summary>
    public async Task<System.Net.HttpStatusCode> DeliverHeldPushAsync(CancellationToken ct)
    {
        using var held = Interlocked.Exchange(ref _held, null) ?? throw new InvalidOperationException("No push is held");
        using var response = await base.SendAsync(held, ct);
        return response.StatusCode;
    }

    /// <summary>Lets the next <paramref name="count"/> pushes reach the server, then loses their responses.</summary>
    public void DropNextPushResponses(int count) => _dropResponses = count;

    /// <summary>The next request fails with <paramref name="failure"/>, as the socket layer throws it, before reaching the server.</summary>
    public void FailNextRequestWith(Exception failure) => _nextFailure = failure;

    /// <summary>After <paramref name="requests"/> more requests, the network goes down.</summary>
    public void GoOfflineAfter(int requests) => _failAfter = requests;

    /// <summary>Called with each push request before it is sent; a test can act mid-push (e.g. close the client).</summary>
    public Func<Task>? BeforePush { get; set; }

    /// <summary>
    /// Called with each push after the server handled it, before the client sees the response; if the
    /// sync's token is cancelled there, the response is lost the way it is when an app is closed mid-push.
    /// </summary>
    public Func<Task>? AfterPush { get; set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (_failAfter-- <= 0)
        {
            Online = false;
        }

        if (Interlocked.Exchange(ref _nextFailure, null) is { } failure)
        {
            throw failure;
        }

        if (!Online || (RefusePushes && request.Method == HttpMethod.Post))
        {
            throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (network switched off by the test)");
        }

        if (AnswerPushesWith503 && request.Method == HttpMethod.Post)
        {
            return new HttpResponseMessage(System.Net.HttpStatusCode.ServiceUnavailable)
            {
                Content = new StringContent(
                    """{"success":false,"type":"service_unavailable","message":"Overloaded (answered by the test)","error":{"code":"ServiceUnavailable","message":"Overloaded (answered by the test)"}}""",
                    System.Text.Encoding.UTF8,
                    "application/json"),
            };
        }

        if (RefusePushesContaining is { } refusal && request.Method == HttpMethod.Post && request.Content is { } content
            && (await content.ReadAsStringAsync(cancellationToken)).Contains(refusal.Text, StringComparison.Ordinal))
        {
            return new HttpResponseMessage(refusal.Status) { Content = new StringContent(refusal.Body, System.Text.Encoding.UTF8, "application/json") };
        }

        if (AnswerPushesWith is { } answer && request.Method == HttpMethod.Post)
        {
            return new HttpResponseMessage(answer.Status) { Content = new StringContent(answer.Body, System.Text.Encoding.UTF8, "application/json") };
        }

        lock (Requests)
        {
            Requests.Add($"{request.Method} {request.RequestUri!.PathAndQuery}");
        }

        if (request.Method == HttpMethod.Post && BeforePush is { } beforePush)
        {
            await beforePush();
        }

        if (request.Method == HttpMethod.Post && Interlocked.Exchange(ref _holdNext, 0) == 1)
        {
            _held = await CopyAsync(request, cancellationToken);
            throw new HttpRequestException("Connection reset by peer (the push is held in the network by the test)");
        }

        if (request.Method == HttpMethod.Post && Interlocked.Exchange(ref _sendTwice, 0) == 1)
        {
            using var first = await CopyAsync(request, cancellationToken);
            (await base.SendAsync(first, cancellationToken)).Dispose();
        }

        var response = await base.SendAsync(request, cancellationToken);
        lock (Responses)
        {
            Responses.Add((response.StatusCode, DateTimeOffset.UtcNow));
        }

        if (request.Method == HttpMethod.Post && AfterPush is { } afterPush)
        {
            await afterPush();
            if (cancellationToken.IsCancellationRequested)
            {
                response.Dispose();
                cancellationToken.ThrowIfCancellationRequested();
            }
        }

        if (request.Method == HttpMethod.Post && _dropResponses > 0)
        {
            _dropResponses--;
            response.Dispose();
            throw new HttpRequestException(HttpRequestError.ResponseEnded, "The connection was reset before the response arrived (dropped by the test)");
        }

        return response;
    }

    /// <summary>A second request with the same method, address, headers and body.</summary>
    private static async Task<HttpRequestMessage> CopyAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var body = await request.Content!.ReadAsByteArrayAsync(ct);
        var copy = new HttpRequestMessage(request.Method, request.RequestUri) { Content = new ByteArrayContent(body) };
        foreach (var header in request.Headers)
        {
            copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        copy.Content.Headers.ContentType = request.Content.Headers.ContentType;
        return copy;
    }
}
