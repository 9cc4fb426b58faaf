using System.Net;
using System.Net.Http.Headers;
using Syncline.Server.Tests.Support;
using Syncline.Testing.Servers;

namespace Syncline.Server.Tests.Hosting;

/// <summary>Sync requests without a valid token are limited per client IP address, so a flood of 401s is held back.</summary>
public sealed class UnauthenticatedRateLimitTests : IAsyncLifetime
{
    private SyncServer? _server;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private SyncServer Server => _server!;

    public async ValueTask InitializeAsync() => _server = await SyncServer.StartAsync(
        new Dictionary<string, string?> { ["Syncline:Store"] = "Sqlite" },
        new Dictionary<string, string?>
        {
            ["Syncline:RateLimit:Unauthenticated:PermitsPerSecond"] = "1",
            ["Syncline:RateLimit:Unauthenticated:Burst"] = "3",
        });

    [Fact]
    public async Task Burst_of_unauthenticated_requests_beyond_the_limit_gets_429_with_Retry_After_in_the_one_error_shape()
    {
        using var http = Server.Http();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-token");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            using var response = await http.GetAsync("/v1/sync?mutationsSince=0", Ct);
            statuses.Add(response.StatusCode);
        }

        using var refusedResponse = await http.GetAsync("/v1/sync?mutationsSince=0", Ct);
        var refused = await SyncReply.ReadAsync(refusedResponse, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, statuses[0]);
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        Assert.Equal("rate_limit_exceeded", refused.Body!["type"]!.GetValue<string>());
        Assert.Equal("RateLimited", refused.Error["code"]!.GetValue<string>());
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), refused.ToString());
    }

    [Fact]
    public async Task Caller_with_a_valid_token_is_not_held_back_by_the_unauthenticated_limit_of_its_address()
    {
        using var anonymous = Server.Http();
        var anonymousStatuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            using var response = await anonymous.PostAsync("/v1/sync?lastMutationAt=0", new StringContent("{}"), Ct);
            anonymousStatuses.Add(response.StatusCode);
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, anonymousStatuses);
        using var api = Server.Api($"user-{Guid.NewGuid():N}");

        // Same address, but a user: the per-user bucket applies (off in these tests).
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await api.PullAsync(0)).Status);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
