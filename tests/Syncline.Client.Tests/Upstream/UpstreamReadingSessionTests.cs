using Syncline.Client.Tests.Support;

namespace Syncline.Client.Tests.Upstream;

/// <summary>READING_SESSION against the upstream-shaped server, with the Upstream profile.</summary>
public sealed class UpstreamReadingSessionTests(UpstreamServerFixture fixture) : IClassFixture<UpstreamServerFixture>
{
    [Fact]
    public async Task A_reading_session_added_on_the_phone_and_moved_on_the_tablet_converges_on_both()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var devices = new UpstreamDevices(fixture.Server);
        var phone = await devices.OpenAsync("phone");
        var tablet = await devices.OpenAsync("tablet");
        await phone.ReadingSessions.AddAsync(18, 10, ct);
        Assert.True((await phone.SyncAsync(ct)).IsComplete);
        Assert.True((await tablet.SyncAsync(ct)).IsComplete);

        var pulled = Assert.Single(await tablet.ReadingSessions.ListAsync(ct));
        await tablet.ReadingSessions.MoveAsync(pulled.Id, 18, 45, ct);
        Assert.True((await tablet.SyncAsync(ct)).IsComplete);
        Assert.True((await phone.SyncAsync(ct)).IsComplete);

        var moved = Assert.Single(await phone.ReadingSessions.ListAsync(ct));
        Assert.Equal((pulled.Id, 18, 45, SyncStatus.Synced), (moved.Id, moved.ChapterNumber, moved.VerseNumber, moved.Status));
        Assert.Equal(await SyncClientTests.SnapshotAsync(phone), await SyncClientTests.SnapshotAsync(tablet));
    }
}
