using System.Net;
using static Syncline.Testing.Servers.Mutations;

namespace Syncline.Server.Tests.Contract;

public abstract partial class SyncApiContractTests<TFixture>
{
    [Fact]
    public async Task Twenty_concurrent_pushes_at_the_same_head_give_exactly_one_200_and_the_rest_409()
    {
        using var api = NewUser();
        var seed = await api.PushAsync(0, Bookmark(10, 1));
        var before = await api.PullAllAsync();
        using var start = new SemaphoreSlim(0);

        var pushes = Enumerable.Range(0, 20).Select(async i =>
        {
            await start.WaitAsync(Ct);
            return await api.PushAsync(seed.Head, Bookmark(11, i + 1), Note($"concurrent note {i}", "11:1-11:2"));
        }).ToList();
        start.Release(20);
        var replies = await Task.WhenAll(pushes);

        var winner = Assert.Single(replies, r => r.Status == HttpStatusCode.OK);
        Assert.Equal(19, replies.Count(r => r.Status == HttpStatusCode.Conflict));
        Assert.All(replies.Where(r => r != winner), r => Assert.Equal(winner.Head, r.Error["lastMutationAt"]!.GetValue<long>()));
        var after = await api.PullAllAsync();
        Assert.Equal(before.Count + 2, after.Count);
        var timestamps = after.Select(e => e["timestamp"]!.GetValue<long>()).ToList();
        Assert.Equal(timestamps.Distinct().Order(), timestamps);
        Assert.Equal(winner.Head, timestamps[^1]);
    }

    [Fact]
    public async Task Concurrent_pushes_of_different_users_all_succeed()
    {
        var users = Enumerable.Range(0, 10).Select(_ => NewUser()).ToList();
        try
        {
            var replies = await Task.WhenAll(users.Select(u => u.PushAsync(0, Bookmark(12, 1), Collection("mine"))));

            Assert.All(replies, r => Assert.Equal(HttpStatusCode.OK, r.Status));
        }
        finally
        {
            users.ForEach(u => u.Dispose());
        }
    }

    [Fact]
    public async Task A_keyset_pull_racing_a_stream_of_pushes_never_misses_an_entry()
    {
        using var writer = NewUser();
        var sameUsersToken = writer.Http.DefaultRequestHeaders.Authorization!.Parameter!;
        using var reader = new Syncline.Testing.Servers.SyncApi(Server.BaseAddress, sameUsersToken);
        const int batches = 40;
        var acknowledged = new List<long>();

        var writing = Task.Run(async () =>
        {
            long head = 0;
            for (var i = 0; i < batches; i++)
            {
                var reply = await writer.PushAsync(head, Bookmark(2, (3 * i) + 1), Bookmark(2, (3 * i) + 2), Bookmark(2, (3 * i) + 3));
                Assert.Equal(HttpStatusCode.OK, reply.Status);
                acknowledged.AddRange(reply.Mutations.Select(m => m["timestamp"]!.GetValue<long>()));
                head = reply.Head;
            }
        }, Ct);

        // Pull by keyset with small pages while the writer runs, then once more after it stops.
        var seen = new List<long>();
        long cursor = 0;
        var writerDone = false;
        while (true)
        {
            writerDone = writing.IsCompleted;
            var page = await reader.PullAsync(cursor, "&limit=7");
            Assert.Equal(HttpStatusCode.OK, page.Status);
            var timestamps = page.Mutations.Select(m => m["timestamp"]!.GetValue<long>()).ToList();
            Assert.All(timestamps, t => Assert.True(t <= page.Head, "an entry beyond the head of its own snapshot"));
            seen.AddRange(timestamps);
            if (timestamps.Count > 0)
            {
                cursor = timestamps[^1];
            }

            if (!page.Data["hasMore"]!.GetValue<bool>() && writerDone)
            {
                break;
            }
        }

        await writing;
        var everything = (await writer.PullAllAsync()).Select(e => e["timestamp"]!.GetValue<long>()).ToList();
        Assert.Equal(everything, seen);
        Assert.Subset(seen.ToHashSet(), acknowledged.ToHashSet());
    }
}
