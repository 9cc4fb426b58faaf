using System.Net;
using Syncline.Server.Tests.Support;
using static Syncline.Testing.Servers.Mutations;

namespace Syncline.Server.Tests.Hosting;

/// <summary>The server's data is its user's alone: the data directory 700, every file in it 600, from creation.</summary>
public sealed class DataDirectoryModeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Data_directory_is_700_and_the_database_its_wal_and_shm_and_the_key_are_600()
    {
        await using var server = await SyncServer.StartAsync(new Dictionary<string, string?> { ["Syncline:Store"] = "Sqlite" }, cancellationToken: Ct);
        using var api = server.Api("alice");
        // A write while the server runs: SQLite's -wal and -shm files exist now.
        Assert.Equal(HttpStatusCode.OK, (await api.PushAsync(0, Bookmark(2, 255))).Status);

        Assert.Equal(FileModes.OwnerOnlyDirectory, FileModes.Of(server.DataDirectory));
        var files = Directory.GetFiles(server.DataDirectory).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["jwt-signing.key", "syncline.db", "syncline.db-shm", "syncline.db-wal"], files);
        Assert.All(files, file => Assert.Equal(FileModes.OwnerOnlyFile, FileModes.Of(Path.Combine(server.DataDirectory, file!))));
    }
}
