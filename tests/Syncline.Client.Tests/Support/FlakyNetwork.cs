namespace Syncline.Client.Tests.Support;

/// <summary>
/// A bad network, reproducibly: with a seeded random, some requests never connect and some pushes
/// reach the server but lose their response. Everything else reaches the real server untouched.
/// </summary>
public sealed class FlakyNetwork(int seed, double refuse, double dropPushResponse) : DelegatingHandler(new SocketsHttpHandler())
{
    private readonly Random _random = new(seed);

    /// <summary>When false, the network is perfect.</summary>
    public bool Flaky { get; set; } = true;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        bool refused, dropped;
        lock (_random)
        {
            refused = Flaky && _random.NextDouble() < refuse;
            dropped = Flaky && request.Method == HttpMethod.Post && _random.NextDouble() < dropPushResponse;
        }

        if (refused)
        {
            throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (flaky network)");
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (dropped)
        {
            response.Dispose();
            throw new HttpRequestException(HttpRequestError.ResponseEnded, "Response lost (flaky network)");
        }

        return response;
    }
}
