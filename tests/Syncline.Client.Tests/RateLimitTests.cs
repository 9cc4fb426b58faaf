using System.Net;
using Syncline.Client.Tests.Support;
using Syncline.Server.Tests.Support;

namespace Syncline.Client.Tests;

/// <summary>The client against a server that limits its rate: it waits as told, then carries on.</summary>
public sealed class RateLimitTests
{
    [Fact]
    public async Task A_429_is_retried_no_sooner_than_its_Retry_After()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await SyncServer.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Syncline:RateLimit:PermitsPerSecond"] = "1",
            ["Syncline:RateLimit:Burst"] = "1",
        }, cancellationToken: ct);
        await using var devices = new Devices(server);
        var network = new NetworkSwitch();
        var phone = await devices.OpenAsync("phone", network, o => o.MaxTransientRetries = 5);
        await phone.Notes.AddAsync("sent after waiting", ["1:1-1:2"], cancellationToken: ct);

        var result = await phone.SyncAsync(ct);

        Assert.True(result.IsComplete, result.ToString());
        var limited = network.Responses.FindIndex(r => r.Status == HttpStatusCode.TooManyRequests);
        Assert.True(limited >= 0, "the server should have limited this client");
        var retry = network.Responses[limited + 1];
        // Retry-After is in whole seconds (at least 1); the client's own backoff here is a few milliseconds.
        Assert.True(retry.At - network.Responses[limited].At >= TimeSpan.FromSeconds(0.9), $"retried after {retry.At - network.Responses[limited].At}");
    }
}
