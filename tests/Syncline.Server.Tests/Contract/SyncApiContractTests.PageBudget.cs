using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using static Syncline.Testing.Servers.Mutations;

namespace Syncline.Server.Tests.Contract;

/// <summary>The byte budget of a pull page (<c>Syncline:Pull:MaxPageBytes</c>).</summary>
public abstract partial class SyncApiContractTests<TFixture>
{
    [Fact]
    public async Task A_keyset_page_cut_by_the_byte_budget_says_hasMore_holds_entries_and_stays_within_the_budget()
    {
        const int Budget = 16 * 1024;
        await using var server = await StartServerWithBudgetAsync(Budget);
        using var api = server.Server.Api(NewUserId());
        await PushNotesAsync(api, 0, count: 10, emoji: 1000);

        var reply = await api.PullAsync(0, "&limit=1000");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.True(reply.Data["hasMore"]!.GetValue<bool>());
        Assert.InRange(reply.Mutations.Count, 2, 10);
        Assert.Equal(11, reply.Data["total"]!.GetValue<long>());
        Assert.True(Encoding.UTF8.GetByteCount(reply.Text) <= Budget, $"a page of {Encoding.UTF8.GetByteCount(reply.Text)} bytes");
    }

    [Fact]
    public async Task An_entry_larger_than_the_budget_comes_alone_on_its_page_with_hasMore()
    {
        await using var server = await StartServerWithBudgetAsync(1024);
        using var api = server.Server.Api(NewUserId());
        var first = await api.PushAsync(0, Bookmark(1, 1));
        await PushNotesAsync(api, first.Head, count: 3, emoji: 600);

        var reply = await api.PullAsync(first.Head, "&limit=1000");

        var note = Assert.Single(reply.Mutations);
        Assert.Equal("NOTE", note["resource"]!.GetValue<string>());
        Assert.True(Encoding.UTF8.GetByteCount(reply.Text) > 1024);
        Assert.True(reply.Data["hasMore"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Keyset_paging_through_pages_cut_by_the_budget_loses_nothing_and_repeats_nothing()
    {
        await using var server = await StartServerWithBudgetAsync(8 * 1024);
        using var api = server.Server.Api(NewUserId());
        var pushed = new List<JsonObject>();
        long head = 0;
        foreach (var emoji in new[] { 300, 1200, 50, 2500, 700 })
        {
            var reply = await api.PushAsync(head, [.. Enumerable.Range(0, 6).Select(i => NoteOfEmoji(emoji + i))]);
            Assert.Equal(HttpStatusCode.OK, reply.Status);
            pushed.AddRange(reply.Mutations);
            head = reply.Head;
        }

        var pulled = new List<JsonObject>();
        var pages = 0;
        long since = 0;
        while (true)
        {
            var page = await api.PullAsync(since, "&limit=1000&resources=NOTE");
            pages++;
            Assert.NotEmpty(page.Mutations);
            pulled.AddRange(page.Mutations);
            if (!page.Data["hasMore"]!.GetValue<bool>())
            {
                break;
            }

            since = page.Mutations[^1]["timestamp"]!.GetValue<long>();
        }

        Assert.True(pages > 2, $"{pages} pages");
        Assert.Equal(pushed.Select(m => m["timestamp"]!.GetValue<long>()), pulled.Select(m => m["timestamp"]!.GetValue<long>()));
        Assert.Equal(
            pushed.Select(m => m["data"]!["body"]!.GetValue<string>()),
            pulled.Select(m => m["data"]!["body"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_page_asked_by_number_is_whole_whatever_the_budget()
    {
        await using var server = await StartServerWithBudgetAsync(1024);
        using var api = server.Server.Api(NewUserId());
        await PushNotesAsync(api, 0, count: 10, emoji: 500);

        var reply = await api.PullAsync(0, "&limit=100&page=1");

        Assert.Equal(11, reply.Mutations.Count);
        Assert.False(reply.Data["hasMore"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Concurrent_pulls_of_one_user_past_their_limit_take_turns_and_all_get_the_same_page()
    {
        await using var server = await Fixture.StartServerAsync(new Dictionary<string, string?> { ["Syncline:Pull:MaxConcurrentPerUser"] = "1" });
        using var api = server.Server.Api(NewUserId());
        await PushNotesAsync(api, 0, count: 20, emoji: 2000);

        var replies = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => api.PullAsync(0, "&limit=1000")));

        Assert.All(replies, r => Assert.Equal(HttpStatusCode.OK, r.Status));
        Assert.Single(replies.Select(r => r.Text).Distinct());
        Assert.Equal(21, replies[0].Mutations.Count);
    }

    private Task<Support.OwnedServer> StartServerWithBudgetAsync(int maxPageBytes) =>
        Fixture.StartServerAsync(new Dictionary<string, string?>
        {
            ["Syncline:Pull:MaxPageBytes"] = maxPageBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

    /// <summary>Pushes <paramref name="count"/> notes of about 4 bytes per emoji in one batch; the first push adds the default collection.</summary>
    private static async Task PushNotesAsync(Syncline.Testing.Servers.SyncApi api, long head, int count, int emoji)
    {
        var reply = await api.PushAsync(head, [.. Enumerable.Range(0, count).Select(i => NoteOfEmoji(emoji + i))]);
        Assert.Equal(HttpStatusCode.OK, reply.Status);
    }

    private static JsonObject NoteOfEmoji(int emoji) =>
        Note(string.Concat(Enumerable.Repeat(FourByteEmoji, emoji)), "2:255-2:257");
}
