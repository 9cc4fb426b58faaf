using System.Net;
using Syncline.Client.Tests.Support;

namespace Syncline.Client.Tests;

/// <summary>
/// A push refused in another server's error form (the upstream gateway's, UPSTREAM.md 1.1) ends in the
/// failed list with the server's words; the sync never throws and the queue never wedges.
/// </summary>
public sealed class ForeignErrorShapeTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string GatewayValidationError = """
        { "details": { "success": false,
                       "error": { "code": "ValidationError", "message": "\"bookmarkId\" is not allowed", "details": {} } },
          "message": "\"bookmarkId\" is not allowed", "type": "unprocessable_entity", "success": false, "requestId": "request-a" }
        """;

    [Fact]
    public async Task A_gateway_wrapped_422_without_an_index_fails_the_batch_with_the_servers_message()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var devices = new Devices(fixture.Server);
        var network = new NetworkSwitch { AnswerPushesWith = (HttpStatusCode.UnprocessableEntity, GatewayValidationError) };
        var phone = await devices.OpenAsync("phone", network);
        await phone.Notes.AddAsync("refused by the gateway", ["1:1-1:2"], cancellationToken: ct);

        var result = await phone.SyncAsync(ct);

        Assert.Equal((1, 0L), (result.Failed, result.Pending));
        var failed = Assert.Single(await phone.Failed.ListAsync(ct));
        Assert.Contains("\"bookmarkId\" is not allowed", failed.Reason);
    }

    [Fact]
    public async Task After_a_gateway_wrapped_422_the_next_change_is_pushed()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var devices = new Devices(fixture.Server);
        var network = new NetworkSwitch { AnswerPushesWith = (HttpStatusCode.UnprocessableEntity, GatewayValidationError) };
        var phone = await devices.OpenAsync("phone", network);
        await phone.Notes.AddAsync("refused by the gateway", ["1:1-1:2"], cancellationToken: ct);
        await phone.SyncAsync(ct);
        network.AnswerPushesWith = null;
        await phone.Notes.AddAsync("accepted afterwards", ["1:3-1:4"], cancellationToken: ct);

        var result = await phone.SyncAsync(ct);

        Assert.True(result.IsComplete, result.ToString());
        Assert.Equal(1, result.Pushed);
    }

    [Fact]
    public async Task A_proxys_html_error_page_leaves_the_change_queued_and_says_what_came_back()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var devices = new Devices(fixture.Server);
        var network = new NetworkSwitch { AnswerPushesWith = (HttpStatusCode.BadGateway, "<html><body><h1>502 Bad Gateway</h1></body></html>") };
        var phone = await devices.OpenAsync("phone", network, o => o.MaxTransientRetries = 1);
        await phone.Notes.AddAsync("waits for a real answer", ["1:1-1:2"], cancellationToken: ct);

        var result = await phone.SyncAsync(ct);

        Assert.Equal((0, 1L), (result.Failed, result.Pending));
        Assert.Contains("502 Bad Gateway", result.Error ?? string.Empty);
        Assert.Empty(await phone.Failed.ListAsync(ct));
    }
}
