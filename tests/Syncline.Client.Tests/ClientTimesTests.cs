using System.Text.Json.Nodes;
using Syncline.Client.Sync;
using Syncline.Client.Tests.Support;
using Syncline.Protocol;

namespace Syncline.Client.Tests;

/// <summary>
/// <c>clientCreatedAt</c> goes on CREATE and <c>clientUpdatedAt</c> on CREATE and UPDATE, as ISO 8601 with
/// fractional seconds only when not zero (UPSTREAM.md 1.6); a DELETE of a simple resource carries no data.
/// </summary>
public sealed class ClientTimesTests : IAsyncDisposable
{
    private DeviceStore? _store;

    [Theory]
    [InlineData(1_783_000_000_000, "2026-07-02T13:46:40Z")]
    [InlineData(1_783_000_000_345, "2026-07-02T13:46:40.345Z")]
    [InlineData(1_783_000_000_300, "2026-07-02T13:46:40.300Z")]
    public void A_client_time_is_written_with_fractional_seconds_only_when_they_are_not_zero(long unixMilliseconds, string iso) =>
        Assert.Equal(iso, ClientTimes.Format(unixMilliseconds));

    [Fact]
    public async Task A_create_carries_both_client_times()
    {
        _store = await DeviceStore.OpenAsync();
        await _store.WriteAsync(tx => tx.CreateAsync(ResourceNames.Note, "local_n", new JsonObject { ["body"] = "a note to send", ["ranges"] = new JsonArray("1:1-1:2") }, TestContext.Current.CancellationToken));

        var data = Assert.Single(DeviceStore.Sent((await _store.PlanAsync(ServerProfile.Syncline))!))!["data"]!;

        Assert.Equal(("2026-07-02T13:46:40Z", "2026-07-02T13:46:40Z"), (data["clientCreatedAt"]?.GetValue<string>(), data["clientUpdatedAt"]?.GetValue<string>()));
    }

    [Fact]
    public async Task A_write_that_states_its_own_client_time_sends_that_time()
    {
        _store = await DeviceStore.OpenAsync();
        await _store.WriteAsync(tx => tx.CreateAsync(
            ResourceNames.ReadingSession, "local_s", new JsonObject { ["chapterNumber"] = 18, ["verseNumber"] = 10, ["clientUpdatedAt"] = "2026-01-01T08:30:00.000Z" }, TestContext.Current.CancellationToken));

        var data = Assert.Single(DeviceStore.Sent((await _store.PlanAsync(ServerProfile.Upstream))!))!["data"]!;

        Assert.Equal("2026-01-01T08:30:00Z", data["clientUpdatedAt"]?.GetValue<string>());
    }

    [Fact]
    public async Task An_update_carries_clientUpdatedAt_only()
    {
        _store = await DeviceStore.OpenAsync();
        await _store.PullAsync("""
            { "success": true, "data": { "lastMutationAt": 1000, "mutations": [
              { "resource": "COLLECTION", "resourceId": "collection-a", "type": "CREATE", "timestamp": 1000,
                "data": { "name": "Reading", "clientCreatedAt": "2026-01-01T00:00:00.000Z" } } ] } }
            """);
        var row = (await _store.GetAsync(ResourceNames.Collection, "collection-a"))!;
        await _store.WriteAsync(tx => tx.UpdateAsync(row, new JsonObject { ["name"] = "Renamed" }, TestContext.Current.CancellationToken));

        var data = Assert.Single(DeviceStore.Sent((await _store.PlanAsync(ServerProfile.Syncline))!))!["data"]!;

        Assert.Equal("""{"name":"Renamed","clientUpdatedAt":"2026-07-02T13:46:40Z"}""", data.ToJsonString());
    }

    [Fact]
    public async Task A_delete_of_a_simple_resource_carries_no_data()
    {
        _store = await DeviceStore.OpenAsync();
        await _store.PullAsync("""
            { "success": true, "data": { "lastMutationAt": 1000, "mutations": [
              { "resource": "COLLECTION", "resourceId": "collection-a", "type": "CREATE", "timestamp": 1000, "data": { "name": "Reading" } } ] } }
            """);
        var row = (await _store.GetAsync(ResourceNames.Collection, "collection-a"))!;
        await _store.WriteAsync(async tx =>
        {
            await tx.DeleteAsync(row, TestContext.Current.CancellationToken);
            return true;
        });

        var item = Assert.Single(DeviceStore.Sent((await _store.PlanAsync(ServerProfile.Upstream))!))!;

        Assert.Equal("""{"type":"DELETE","resource":"COLLECTION","resourceId":"collection-a"}""", item.ToJsonString());
    }

    public async ValueTask DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }
}
