using Syncline.Cli.Tests.Support;
using Syncline.Testing.Upstream;

namespace Syncline.Cli.Tests;

/// <summary>
/// The README's walkthrough against a server shaped like the upstream service (UPSTREAM.md), logged in with
/// <c>--profile upstream</c>: the same commands converge, under either first-sync rule, with nothing doubled.
/// </summary>
public sealed class UpstreamWalkthroughTests : IAsyncLifetime, IDisposable
{
    private readonly Devices _devices = new();
    private UpstreamServer _server = null!;

    public async ValueTask InitializeAsync() =>
        _server = await UpstreamServer.StartAsync(new Dictionary<string, string>(), cancellationToken: TestContext.Current.CancellationToken);

    [Theory]
    [InlineData(FirstSync.DefaultCollection)]
    [InlineData(FirstSync.MinusOne)]
    public async Task Offline_writes_of_two_devices_reach_each_other_once_through_an_upstream_server(FirstSync rule)
    {
        var (user, token) = ($"bilal-{Guid.NewGuid():N}", $"token-{Guid.NewGuid():N}");
        _server.AddUser(token, user, rule);
        var phone = _devices["phone"];
        var tablet = _devices["tablet"];

        // Offline: neither device has logged in yet.
        var bookmark = (await phone.OkAsync("bookmark", "add", "2:255")).WrittenId;
        var list = (await phone.OkAsync("collection", "create", "Night reading")).WrittenId;
        await phone.OkAsync("collection", "add", list, bookmark);
        await tablet.OkAsync("note", "add", "2:255-2:257", "The Throne Verse, and the two after it");
        await tablet.OkAsync("reading", "add", "18:10");

        // Online, as an upstream deployment wants it: x-auth-token and x-client-id, no idempotency keys.
        await phone.OkAsync("login", "--server", _server.BaseUrl.ToString(), "--token", token, "--profile", "upstream", "--client-id", "syncline-phone");
        await tablet.OkAsync("login", "--server", _server.BaseUrl.ToString(), "--token", token, "--profile", "upstream", "--client-id", "syncline-tablet");
        await phone.OkAsync("sync");
        await tablet.OkAsync("sync");
        await phone.OkAsync("sync");
        var collections = await tablet.OkAsync("collection", "list");

        Assert.Contains(collections.Lines, line => line.Contains("\tNight reading\t1\tyes\tsynced", StringComparison.Ordinal));
        Assert.Equal(await phone.ExportAsync(), await tablet.ExportAsync());
        Assert.Equal(1, _server.CountCollections(user, "Night reading"));
        Assert.Equal(1, _server.CountNotes(user, "The Throne Verse, and the two after it"));
        Assert.Equal(1, _server.CountBookmarks(user, "ayah", 2, 255));
        Assert.Single(_server.Records(user, "COLLECTION_BOOKMARK"));
        Assert.Single(_server.Records(user, "READING_SESSION"));
        Assert.All(_server.Requests.Where(r => r.AuthToken == token), r => Assert.StartsWith("syncline-", r.ClientId, StringComparison.Ordinal));
        Assert.Contains("pending\t0 changes", (await phone.OkAsync("status")).Stdout, StringComparison.Ordinal);
        Assert.Contains("pending\t0 changes", (await tablet.OkAsync("status")).Stdout, StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _devices.Dispose();
}
