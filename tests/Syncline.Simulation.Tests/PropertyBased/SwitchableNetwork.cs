namespace Syncline.Simulation.Tests.PropertyBased;

/// <summary>A device's network: passes requests to the real server, or fails them as an unreachable server does.</summary>
internal sealed class SwitchableNetwork() : DelegatingHandler(new SocketsHttpHandler())
{
    public bool Online { get; set; } = true;

    /// <summary>Runs after each push was answered, before the client reads the answer, e.g. to take the network away.</summary>
    public Action? AfterPush { get; set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!Online)
        {
            throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (network switched off by the test)");
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (request.Method == HttpMethod.Post)
        {
            AfterPush?.Invoke();
        }

        return response;
    }
}
