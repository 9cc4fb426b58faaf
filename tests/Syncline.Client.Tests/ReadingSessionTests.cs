using Microsoft.Extensions.Time.Testing;
using Syncline.Client.Tests.Support;

namespace Syncline.Client.Tests;

/// <summary>READING_SESSION through the SDK: written offline, checked locally, synced between devices.</summary>
public sealed class ReadingSessionTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_reading_session_added_offline_is_readable_at_once_pending_and_dated_by_the_device_clock()
    {
        await using var devices = new Devices(fixture.Server);
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-07-06T21:55:26Z", System.Globalization.CultureInfo.InvariantCulture));
        var phone = await devices.OpenAsync("phone", new NetworkSwitch { Online = false }, o => o.TimeProvider = time);

        var session = await phone.ReadingSessions.AddAsync(18, 10, Ct);

        var read = Assert.Single(await phone.ReadingSessions.ListAsync(Ct));
        Assert.Equal(session, read);
        Assert.Equal((18, 10), (read.ChapterNumber, read.VerseNumber));
        Assert.Equal(time.GetUtcNow(), read.UpdatedAt);
        Assert.Equal(SyncStatus.PendingCreate, read.Status);
        Assert.Equal(1, (await phone.GetStatusAsync(Ct)).PendingCount);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(115, 1)]
    [InlineData(1, 8)]
    [InlineData(2, 0)]
    public async Task A_reading_session_at_no_ayah_is_refused_locally_and_queues_nothing(int chapter, int verse)
    {
        await using var devices = new Devices(fixture.Server);
        var phone = await devices.OpenAsync("phone", new NetworkSwitch { Online = false });

        await Assert.ThrowsAsync<SynclineValidationException>(() => phone.ReadingSessions.AddAsync(chapter, verse, Ct));

        Assert.Empty(await phone.ReadingSessions.ListAsync(Ct));
        Assert.Equal(0, (await phone.GetStatusAsync(Ct)).PendingCount);
    }

    [Fact]
    public async Task A_reading_session_added_on_the_phone_and_moved_on_the_tablet_converges_on_both()
    {
        await using var devices = new Devices(fixture.Server);
        var phone = await devices.OpenAsync("phone");
        var tablet = await devices.OpenAsync("tablet");
        await phone.ReadingSessions.AddAsync(18, 10, Ct);
        await phone.SyncAsync(Ct);
        await tablet.SyncAsync(Ct);

        var pulled = Assert.Single(await tablet.ReadingSessions.ListAsync(Ct));
        await tablet.ReadingSessions.MoveAsync(pulled.Id, 18, 45, Ct);
        await tablet.SyncAsync(Ct);
        await phone.SyncAsync(Ct);

        var moved = Assert.Single(await phone.ReadingSessions.ListAsync(Ct));
        Assert.Equal((pulled.Id, 18, 45, SyncStatus.Synced), (moved.Id, moved.ChapterNumber, moved.VerseNumber, moved.Status));
        Assert.Equal(await SyncClientTests.SnapshotAsync(phone), await SyncClientTests.SnapshotAsync(tablet));
    }

    [Fact]
    public async Task A_reading_session_deleted_on_one_device_is_gone_from_the_other_after_both_sync()
    {
        await using var devices = new Devices(fixture.Server);
        var phone = await devices.OpenAsync("phone");
        var tablet = await devices.OpenAsync("tablet");
        var session = await phone.ReadingSessions.AddAsync(36, 1, Ct);
        await phone.SyncAsync(Ct);
        await tablet.SyncAsync(Ct);

        await tablet.ReadingSessions.DeleteAsync((await tablet.ReadingSessions.ListAsync(Ct)).Single().Id, Ct);
        await tablet.SyncAsync(Ct);
        await phone.SyncAsync(Ct);

        Assert.Empty(await phone.ReadingSessions.ListAsync(Ct));
        Assert.Null(await phone.ReadingSessions.GetAsync(session.Id, Ct));
        Assert.Empty(await tablet.ReadingSessions.ListAsync(Ct));
    }

    [Fact]
    public async Task A_reading_session_pushed_without_scope_reading_session_moves_to_the_failed_list_with_the_servers_reason()
    {
        await using var devices = new Devices(fixture.Server);
        var phone = await devices.OpenAsync(
            "phone", configure: o => o.TokenProvider = _ => ValueTask.FromResult(fixture.Server.Token(devices.UserId, "sync bookmark collection note")));
        await phone.ReadingSessions.AddAsync(2, 255, Ct);

        await phone.SyncAsync(Ct);

        var failed = Assert.Single(await phone.Failed.ListAsync(Ct));
        Assert.Equal(("CREATE", "READING_SESSION"), (failed.Type, failed.Resource));
        Assert.Contains("reading_session", failed.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(await devices.ServerApi().PullAllAsync(), e => e["resource"]!.GetValue<string>() == "READING_SESSION");
    }
}
