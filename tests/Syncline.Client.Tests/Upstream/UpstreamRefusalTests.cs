using System.Net;
using Syncline.Client.Tests.Support;
using Syncline.Testing.Upstream;

namespace Syncline.Client.Tests.Upstream;

/// <summary>
/// A batch the upstream service refuses whole without naming the item (a gateway 422, a 404) costs only
/// the item it refuses: the rest is pushed, and what can never be sent after it goes to the failed list
/// instead of waiting in the queue forever.
/// </summary>
public sealed class UpstreamRefusalTests(UpstreamServerFixture fixture) : IClassFixture<UpstreamServerFixture>
{
    private const string GatewayValidationError = """
        { "details": { "success": false, "error": { "code": "ValidationError", "message": "\"body\" contains a word the gateway refuses" } },
          "message": "\"body\" contains a word the gateway refuses", "type": "unprocessable_entity", "success": false, "requestId": "request-a" }
        """;

    private UpstreamServer Server => fixture.Server;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_batch_refused_whole_without_an_index_is_halved_until_only_the_refused_change_fails()
    {
        await using var devices = new UpstreamDevices(Server);
        var network = new NetworkSwitch { RefusePushesContaining = ("refused-word", HttpStatusCode.UnprocessableEntity, GatewayValidationError) };
        var phone = await devices.OpenAsync("phone", network);
        await phone.Notes.AddAsync("the first note", ["1:1-1:2"], cancellationToken: Ct);
        await phone.Notes.AddAsync("the second note", ["1:3-1:4"], cancellationToken: Ct);
        await phone.Notes.AddAsync("the refused-word", ["1:5-1:6"], cancellationToken: Ct);
        await phone.Notes.AddAsync("the fourth note", ["1:7-1:7"], cancellationToken: Ct);

        var result = await phone.SyncAsync(Ct);

        Assert.Equal((3, 1, 0L), (result.Pushed, result.Failed, result.Pending));
        var failed = Assert.Single(await phone.Failed.ListAsync(Ct));
        Assert.Contains("contains a word the gateway refuses", failed.Reason);
        Assert.All(new[] { "the first note", "the second note", "the fourth note" }, body => Assert.Equal(1, Server.CountNotes(devices.UserId, body)));
    }

    [Fact]
    public async Task An_edit_of_a_record_whose_creation_failed_goes_to_the_failed_list_and_the_sync_completes()
    {
        await using var devices = new UpstreamDevices(Server);
        var network = new NetworkSwitch { RefusePushesContaining = ("refused-word", HttpStatusCode.UnprocessableEntity, GatewayValidationError) };
        var phone = await devices.OpenAsync("phone", network);
        var note = await phone.Notes.AddAsync("the refused-word", ["1:1-1:2"], cancellationToken: Ct);
        await phone.SyncAsync(Ct);
        await phone.Notes.EditAsync(note.Id, "edited after its creation was refused", cancellationToken: Ct);

        var result = await phone.SyncAsync(Ct);

        Assert.True(result.IsComplete, result.ToString());
        Assert.Equal(2, (await phone.Failed.ListAsync(Ct)).Count);
    }

    [Fact]
    public async Task Retrying_a_failed_creation_also_sends_the_edit_that_waited_on_it()
    {
        await using var devices = new UpstreamDevices(Server);
        var network = new NetworkSwitch { RefusePushesContaining = ("refused-word", HttpStatusCode.UnprocessableEntity, GatewayValidationError) };
        var phone = await devices.OpenAsync("phone", network);
        var note = await phone.Notes.AddAsync("the refused-word", ["1:1-1:2"], cancellationToken: Ct);
        await phone.SyncAsync(Ct);
        await phone.Notes.EditAsync(note.Id, "edited once the gateway relents", cancellationToken: Ct);
        await phone.SyncAsync(Ct);
        network.RefusePushesContaining = null;

        await phone.Failed.RetryAsync((await phone.Failed.ListAsync(Ct)).Single(f => f.Type == "CREATE").Id, Ct);
        var result = await phone.SyncAsync(Ct);

        Assert.True(result.IsComplete, result.ToString());
        Assert.Empty(await phone.Failed.ListAsync(Ct));
        Assert.Equal(1, Server.CountNotes(devices.UserId, "edited once the gateway relents"));
    }
}
