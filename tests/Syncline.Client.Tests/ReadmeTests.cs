using Syncline.Client.Tests.Support;

namespace Syncline.Client.Tests;

/// <summary>The README's client walkthrough, as written there, against a real server.</summary>
public sealed class ReadmeTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task The_readme_walkthrough_delivers_a_bookmark_in_a_collection_to_a_second_device()
    {
        var ct = TestContext.Current.CancellationToken;
        var directory = Directory.CreateTempSubdirectory("syncline-readme-").FullName;
        var token = fixture.Server.Token($"readme-{Guid.NewGuid():N}");
        try
        {
            await using var phone = await SyncClient.OpenAsync(new SyncClientOptions
            {
                ServerUrl = fixture.Server.BaseAddress,
                DatabasePath = Path.Combine(directory, "phone.db"),
                TokenProvider = _ => ValueTask.FromResult(token),
            }, cancellationToken: ct);
            var bookmark = await phone.Bookmarks.AddAyahAsync(2, 255, cancellationToken: ct);
            var list = await phone.Collections.CreateAsync("Night reading", cancellationToken: ct);
            await phone.CollectionBookmarks.AddAsync(list.Id, bookmark.Id, ct);
            var result = await phone.SyncAsync(ct);

            await using var tablet = await SyncClient.OpenAsync(new SyncClientOptions
            {
                ServerUrl = fixture.Server.BaseAddress,
                DatabasePath = Path.Combine(directory, "tablet.db"),
                TokenProvider = _ => ValueTask.FromResult(token),
            }, cancellationToken: ct);
            var changes = new List<ResourceChange>();
            tablet.ResourcesChanged += (_, e) => changes.AddRange(e.Changes);
            await tablet.SyncAsync(ct);
            var received = (await tablet.Collections.BookmarksOfAsync(
                (await tablet.Collections.ListAsync(ct)).First(c => c.Name == "Night reading").Id, ct)).Single();

            Assert.Equal(3, result.Pushed);
            Assert.Equal(0, result.Pending);
            Assert.False(result.Offline);
            Assert.Equal((BookmarkType.Ayah, 2, (int?)255), (received.Type, received.Key, received.VerseNumber));
            Assert.NotEmpty(changes);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
