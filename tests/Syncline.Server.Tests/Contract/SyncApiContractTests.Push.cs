using System.Net;
using static Syncline.Testing.Servers.Mutations;

namespace Syncline.Server.Tests.Contract;

public abstract partial class SyncApiContractTests<TFixture>
{
    [Fact]
    public async Task Push_acknowledges_each_item_in_order_with_server_ids_and_timestamps()
    {
        using var api = NewUser();

        var reply = await api.PushAsync(0, Bookmark(2, 255), Collection("Reading list"), Note("A note on light", "24:35-24:35"));

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var acks = reply.Mutations;
        Assert.Equal(["BOOKMARK", "COLLECTION", "NOTE"], acks.Select(a => a["resource"]!.GetValue<string>()));
        Assert.All(acks, a => Assert.Equal("CREATE", a["type"]!.GetValue<string>()));
        Assert.All(acks, a => Assert.Matches("^[0-9a-z]{24}$", a["resourceId"]!.GetValue<string>()));
        var timestamps = acks.Select(a => a["timestamp"]!.GetValue<long>()).ToList();
        Assert.Equal(timestamps.Order(), timestamps);
        Assert.Equal(timestamps.Count, timestamps.Distinct().Count());
        Assert.Equal(reply.Head, reply.MutationAtHeader);
    }

    [Fact]
    public async Task Push_with_stale_cursor_returns_409_with_the_head_and_changes_nothing()
    {
        using var api = NewUser();
        var first = await api.PushAsync(0, Bookmark(1, 1));
        var before = await api.PullAllAsync();

        var stale = await api.PushAsync(0, Bookmark(1, 2));

        Assert.Equal(HttpStatusCode.Conflict, stale.Status);
        Assert.Equal("conflict", stale.Body!["type"]!.GetValue<string>());
        Assert.Equal("OutOfSyncError", stale.Error["code"]!.GetValue<string>());
        Assert.Equal(first.Head, stale.Error["lastMutationAt"]!.GetValue<long>());
        Assert.Equal(first.Head, stale.MutationAtHeader);
        Assert.Equal(before.Count, (await api.PullAllAsync()).Count);
    }

    [Fact]
    public async Task Pull_returns_what_was_pushed_with_the_global_head()
    {
        using var api = NewUser();
        var push = await api.PushAsync(0, Bookmark(2, 255));

        var pull = await api.PullAsync(0);

        Assert.Equal(HttpStatusCode.OK, pull.Status);
        Assert.Equal(push.Head, pull.Head);
        Assert.Equal(push.Head, pull.MutationAtHeader);
        var bookmark = Assert.Single(pull.Mutations, m => m["resource"]!.GetValue<string>() == "BOOKMARK");
        Assert.Equal(push.Mutations[0]["resourceId"]!.GetValue<string>(), bookmark["resourceId"]!.GetValue<string>());
        Assert.Equal(255, bookmark["data"]!["verseNumber"]!.GetValue<int>());
    }
}
