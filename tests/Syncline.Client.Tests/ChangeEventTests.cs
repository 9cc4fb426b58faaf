namespace Syncline.Client.Tests;

/// <summary><see cref="SyncClient.ResourcesChanged"/> as an app binds to it: after the write is committed, never instead of it.</summary>
public sealed class ChangeEventTests
{
    [Fact]
    public async Task A_subscriber_that_throws_neither_fails_the_committed_write_nor_silences_the_others()
    {
        var ct = TestContext.Current.CancellationToken;
        var root = Directory.CreateTempSubdirectory("syncline-events-").FullName;
        try
        {
            await using var client = await SyncClient.OpenAsync(
                new SyncClientOptions
                {
                    ServerUrl = new Uri("http://127.0.0.1:1/"),
                    DatabasePath = Path.Combine(root, "app.db"),
                    TokenProvider = _ => ValueTask.FromResult("unused"),
                },
                cancellationToken: ct);
            var heard = 0;
            client.ResourcesChanged += (_, _) => throw new InvalidOperationException("a UI handler with a bug");
            client.ResourcesChanged += (_, e) => heard += e.Changes.Count;

            var note = await client.Notes.AddAsync("written despite a failing handler", ["1:1-1:2"], cancellationToken: ct);

            Assert.Equal(note.Id, Assert.Single(await client.Notes.ListAsync(ct)).Id);
            Assert.Equal(1, heard);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
