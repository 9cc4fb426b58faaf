using System.Net;
using static Syncline.Testing.Servers.Mutations;

namespace Syncline.Server.Tests.Contract;

public abstract partial class SyncApiContractTests<TFixture>
{
    [Fact]
    public async Task Same_idempotency_key_and_body_twice_applies_once_and_returns_the_first_response()
    {
        using var api = NewUser();
        var key = Guid.NewGuid().ToString();

        var first = await api.PushAsync(0, key, Bookmark(3, 7), Note("remember this", "3:7-3:7"));
        var again = await api.PushAsync(0, key, Bookmark(3, 7), Note("remember this", "3:7-3:7"));

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal(first.Text, again.Text);
        Assert.Equal(first.MutationAtHeader, again.MutationAtHeader);
        Assert.Single(await api.PullAllAsync(), e => e["resource"]!.GetValue<string>() == "NOTE");
    }

    [Fact]
    public async Task Replay_returns_the_stored_response_even_after_the_head_moved()
    {
        using var api = NewUser();
        var key = Guid.NewGuid().ToString();
        var first = await api.PushAsync(0, key, Bookmark(3, 8));
        await api.PushAsync(first.Head, Bookmark(3, 9));

        var replay = await api.PushAsync(0, key, Bookmark(3, 8));

        Assert.Equal(HttpStatusCode.OK, replay.Status);
        Assert.Equal(first.Text, replay.Text);
    }

    [Fact]
    public async Task Same_idempotency_key_with_another_body_is_422_and_changes_nothing()
    {
        using var api = NewUser();
        var key = Guid.NewGuid().ToString();
        var first = await api.PushAsync(0, key, Bookmark(4, 1));

        var other = await api.PushAsync(first.Head, key, Bookmark(4, 2));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.Status);
        Assert.Contains("Idempotency-Key", other.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(first.Head, await api.HeadAsync());
    }

    [Fact]
    public async Task Refused_push_is_not_stored_so_the_same_key_can_retry_after_a_pull()
    {
        using var api = NewUser();
        var moved = await api.PushAsync(0, Bookmark(5, 1));
        var key = Guid.NewGuid().ToString();

        var stale = await api.PushAsync(0, key, Bookmark(5, 2));
        var retried = await api.PushAsync(moved.Head, key, Bookmark(5, 2));

        Assert.Equal(HttpStatusCode.Conflict, stale.Status);
        Assert.Equal(HttpStatusCode.OK, retried.Status);
    }

    [Fact]
    public async Task Idempotency_keys_belong_to_one_user()
    {
        using var alice = NewUser();
        using var bob = NewUser();
        var key = Guid.NewGuid().ToString();

        var forAlice = await alice.PushAsync(0, key, Bookmark(6, 1));
        var forBob = await bob.PushAsync(0, key, Bookmark(6, 1));

        Assert.Equal(HttpStatusCode.OK, forBob.Status);
        Assert.NotEqual(forAlice.Mutations[0]["resourceId"]!.GetValue<string>(), forBob.Mutations[0]["resourceId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Idempotency_key_longer_than_255_characters_is_400()
    {
        using var api = NewUser();

        var reply = await api.PushAsync(0, new string('k', 256), Bookmark(6, 2));

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal(0, await api.HeadAsync());
    }
}
