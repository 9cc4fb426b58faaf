// A console app that uses Syncline.Client as a package, the way an app outside this repository does.
// It writes offline, lists what it wrote, and syncs against a server that is not there: the writes stay
// queued and the result says offline, nothing is lost. run.sh packs the packages and runs this.
using Syncline.Client;

var directory = Directory.CreateTempSubdirectory("syncline-sample-");
try
{
    await using var client = await SyncClient.OpenAsync(new SyncClientOptions
    {
        // Nothing listens on the discard port: the sync below finds the server unreachable.
        ServerUrl = new Uri("http://127.0.0.1:9/"),
        DatabasePath = Path.Combine(directory.FullName, "device.db"),
        TokenProvider = _ => ValueTask.FromResult("no-token-needed-offline"),
        MaxTransientRetries = 0,
    });

    var bookmark = await client.Bookmarks.AddAyahAsync(2, 255);
    var note = await client.Notes.AddAsync("Ayat al-Kursi", ["2:255-2:257"]);
    Console.WriteLine($"bookmark {bookmark.Id} ({bookmark.Status}), note {note.Id} ({note.Status})");

    var result = await client.SyncAsync();
    Console.WriteLine($"sync: offline={result.Offline}, pending={result.Pending}");

    var status = await client.GetStatusAsync();
    Console.WriteLine($"queued for the next sync: {status.PendingCount}");
    return result.Offline && status.PendingCount == 2 ? 0 : 1;
}
finally
{
    directory.Delete(recursive: true);
}
