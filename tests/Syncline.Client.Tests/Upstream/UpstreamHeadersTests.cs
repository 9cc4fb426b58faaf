using Syncline.Client.Tests.Support;
using Syncline.Testing.Upstream;

namespace Syncline.Client.Tests.Upstream;

/// <summary>With <see cref="ServerProfile.Upstream"/> the SDK sends the credentials the upstream gateway reads, and no idempotency key.</summary>
public sealed class UpstreamHeadersTests(UpstreamServerFixture fixture) : IClassFixture<UpstreamServerFixture>
{
    private UpstreamServer Server => fixture.Server;

    [Fact]
    public async Task Every_call_carries_x_auth_token_and_x_client_id_and_no_Idempotency_Key()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var devices = new UpstreamDevices(Server);
        var phone = await devices.OpenAsync("phone");
        await phone.Notes.AddAsync("a note to push", ["1:1-1:2"], cancellationToken: ct);

        var result = await phone.SyncAsync(ct);

        Assert.True(result.IsComplete, result.ToString());
        var calls = Server.Requests.Where(r => r.AuthToken == devices.Token).ToList();
        Assert.Contains(calls, r => r.Method == "POST");
        Assert.All(calls, r => Assert.Equal(("syncline-tests-phone", null, 200), (r.ClientId, r.IdempotencyKey, r.Status)));
    }

    [Fact]
    public async Task The_syncline_profile_sends_a_bearer_token_the_upstream_server_refuses()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var devices = new UpstreamDevices(Server);
        var phone = await devices.OpenAsync("phone", configure: o => (o.Profile, o.ClientId) = (ServerProfile.Syncline, null));

        await Assert.ThrowsAsync<SynclineAuthenticationException>(() => phone.SyncAsync(ct));
    }
}
