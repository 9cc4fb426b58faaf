using System.Net;
using Syncline.Client.Tests.Support;
using Syncline.Protocol;

namespace Syncline.Client.Tests;

/// <summary>
/// With Syncline's server (the default profile): what the push sends beside the contract for the
/// upstream service (client times) is accepted, and an acknowledgement that does not answer the
/// batch sent is never reconciled.
/// </summary>
public sealed class AcknowledgementTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Client_times_sent_on_create_are_accepted_and_stored_by_our_server()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var devices = new Devices(fixture.Server);
        var phone = await devices.OpenAsync("phone", configure: o => o.TimeProvider = new FixedTime(DateTimeOffset.FromUnixTimeMilliseconds(1_783_000_000_000)));
        await phone.Notes.AddAsync("a note with its times", ["1:1-1:2"], cancellationToken: ct);

        var result = await phone.SyncAsync(ct);

        Assert.True(result.IsComplete, result.ToString());
        var entry = Assert.Single(await devices.ServerLogAsync(), e => e["resource"]!.GetValue<string>() == ResourceNames.Note);
        Assert.Equal(
            ("2026-07-02T13:46:40.000Z", "2026-07-02T13:46:40.000Z"),
            (entry["data"]!["clientCreatedAt"]?.GetValue<string>(), entry["data"]!["clientUpdatedAt"]?.GetValue<string>()));
    }

    [Fact]
    public async Task A_link_settles_with_our_servers_echo_of_its_client_times()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var devices = new Devices(fixture.Server);
        var phone = await devices.OpenAsync("phone");
        await phone.Collections.CreateAsync("Reading", cancellationToken: ct);
        await phone.Bookmarks.AddAyahAsync(2, 255, cancellationToken: ct);
        await phone.SyncAsync(ct);
        var synced = (await phone.Collections.ListAsync(ct)).Single(c => c.Name == "Reading");
        await phone.CollectionBookmarks.AddAsync(synced.Id, (await phone.Bookmarks.ListAsync(ct)).Single().Id, ct);

        var result = await phone.SyncAsync(ct);

        Assert.True(result.IsComplete && result.Pending == 0, result.ToString());
        Assert.Equal(SyncStatus.Synced, Assert.Single(await phone.CollectionBookmarks.ListAsync(synced.Id, ct)).Status);
    }

    [Fact]
    public async Task An_ack_list_that_does_not_answer_the_batch_changes_nothing_and_says_why()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var devices = new Devices(fixture.Server);
        var network = new NetworkSwitch { AnswerPushesWith = (HttpStatusCode.OK, """{"success":true,"data":{"lastMutationAt":5,"mutations":[]}}""") };
        var phone = await devices.OpenAsync("phone", network, o => o.MaxTransientRetries = 1);
        var note = await phone.Notes.AddAsync("waits for a real answer", ["1:1-1:2"], cancellationToken: ct);

        var result = await phone.SyncAsync(ct);

        Assert.Contains("acknowledgement does not match the request: 0 acknowledgements for 1 mutations", result.Error ?? string.Empty);
        Assert.Equal((0, 1L), (result.Failed, result.Pending));
        Assert.Equal((note.Id, SyncStatus.PendingCreate), ((await phone.Notes.ListAsync(ct)).Single().Id, (await phone.Notes.ListAsync(ct)).Single().Status));
    }

    [Fact]
    public async Task After_a_mismatched_ack_the_batch_is_settled_once_by_the_server()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var devices = new Devices(fixture.Server);
        var network = new NetworkSwitch { AnswerPushesWith = (HttpStatusCode.OK, """{"success":true,"data":{"lastMutationAt":5,"mutations":[]}}""") };
        var phone = await devices.OpenAsync("phone", network, o => o.MaxTransientRetries = 1);
        await phone.Notes.AddAsync("waits for a real answer", ["1:1-1:2"], cancellationToken: ct);
        await phone.SyncAsync(ct);
        network.AnswerPushesWith = null;

        var result = await phone.SyncAsync(ct);

        Assert.True(result.IsComplete && result.Pending == 0, result.ToString());
        Assert.Single(await devices.ServerLogAsync(), e => e["resource"]!.GetValue<string>() == ResourceNames.Note);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
