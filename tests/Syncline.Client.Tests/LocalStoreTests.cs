namespace Syncline.Client.Tests;

/// <summary>The local database on its own, no server involved.</summary>
public sealed class LocalStoreTests
{
    [Fact]
    public async Task A_client_whose_database_could_not_be_opened_opens_it_on_a_later_use()
    {
        var ct = TestContext.Current.CancellationToken;
        var root = Directory.CreateTempSubdirectory("syncline-local-").FullName;
        var blocker = Path.Combine(root, "not-yet-a-folder");
        await File.WriteAllTextAsync(blocker, "a file where the database's folder should be", ct);
        try
        {
            // As a DI container does: the database is opened on first use.
            await using var client = SyncClient.Create(new SyncClientOptions
            {
                ServerUrl = new Uri("http://127.0.0.1:1/"),
                DatabasePath = Path.Combine(blocker, "app.db"),
                TokenProvider = _ => ValueTask.FromResult("unused"),
            });

            await Assert.ThrowsAnyAsync<IOException>(() => client.Notes.AddAsync("cannot be stored yet", ["1:1-1:2"], cancellationToken: ct));
            File.Delete(blocker);
            var note = await client.Notes.AddAsync("stored once the folder can exist", ["1:1-1:2"], cancellationToken: ct);

            Assert.Equal(note, Assert.Single(await client.Notes.ListAsync(ct)) with { Ranges = note.Ranges });
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
