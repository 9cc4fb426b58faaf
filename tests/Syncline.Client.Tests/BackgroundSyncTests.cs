using Syncline.Client.Tests.Support;

namespace Syncline.Client.Tests;

/// <summary>Background sync on real clients and a real server, with short intervals.</summary>
public sealed class BackgroundSyncTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_write_on_one_device_arrives_on_another_with_no_sync_call()
    {
        await using var devices = new Devices(fixture.Server);
        static void Quick(SyncClientOptions o)
        {
            o.SyncDebounce = TimeSpan.FromMilliseconds(50);
            o.PollInterval = TimeSpan.FromMilliseconds(100);
        }

        var phone = await devices.OpenAsync("phone", configure: Quick);
        var tablet = await devices.OpenAsync("tablet", configure: Quick);
        var arrived = new TaskCompletionSource<ResourceChange>(TaskCreationOptions.RunContinuationsAsynchronously);
        tablet.ResourcesChanged += (_, e) =>
        {
            foreach (var change in e.Changes.Where(c => c.Resource == "NOTE" && c.Origin == ChangeOrigin.Remote))
            {
                arrived.TrySetResult(change);
            }
        };
        await using var phoneSync = phone.StartBackgroundSync();
        await using var tabletSync = tablet.StartBackgroundSync();

        await phone.Notes.AddAsync("travels by itself", ["55:13-55:13"], cancellationToken: Ct);
        var change = await arrived.Task.WaitAsync(TimeSpan.FromSeconds(20), Ct);

        Assert.Equal("travels by itself", (await tablet.Notes.GetAsync(change.Id, Ct))!.Body);
    }

    [Fact]
    public async Task Starting_background_sync_twice_on_one_client_is_refused()
    {
        await using var devices = new Devices(fixture.Server);
        var phone = await devices.OpenAsync("phone");
        await using var running = phone.StartBackgroundSync();

        Assert.Throws<InvalidOperationException>(() => phone.StartBackgroundSync());
    }
}
