using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Syncline.Client;
using Syncline.Simulation.Tests.Support;
using Syncline.Testing.Servers;

namespace Syncline.Simulation.Tests.Crash;

/// <summary>
/// A device with hundreds of records written offline runs <c>syncline sync</c>, and the process is
/// SIGKILLed at seeded moments, again and again, before a sync is let finish. The server ends with
/// every record exactly once (a batch resent after a kill is never applied twice), and the device
/// with the server's state.
/// </summary>
public sealed class CliKillTests
{
    private const int Kills = 5;
    private const string User = "cli-crash-user";

    [Fact]
    public async Task A_sync_killed_again_and_again_then_rerun_leaves_every_record_on_the_server_exactly_once()
    {
        var ct = TestContext.Current.CancellationToken;
        var seed = int.TryParse(Environment.GetEnvironmentVariable("SYNCLINE_CRASH_SEED"), CultureInfo.InvariantCulture, out var given) ? given : 4201;
        var random = new Random(seed);
        await using var server = await KillableServer.StartAsync(ct);
        var directory = Directory.CreateTempSubdirectory("syncline-sim-cli-");
        try
        {
            var cli = new Cli(Path.Combine(directory.FullName, "device.db"));
            var (written, commandMs) = await WriteOfflineAsync(cli, ct);
            await cli.OkAsync("login", "--server", server.BaseAddress.ToString(), "--token", server.Token(User));

            using var api = server.Api(User);
            var landings = new List<string>();
            var interrupted = 0;
            for (var round = 0; round < Kills; round++)
            {
                var before = (await api.PullAllAsync()).Count;
                var leftInFlight = Query(cli.DatabasePath, "SELECT idempotency_key FROM push_batches").SingleOrDefault();
                using var sync = cli.Start("sync");
                // Every other round, from the first, right after the server commits one of the run's batches,
                // before the CLI can record the reply; the others at a random time over the process's start
                // and the beginning of its sync (a whole sync takes some ten commands' time).
                var headWatch = round % 2 == 0;
                if (headWatch)
                {
                    await WaitForHeadToMoveAsync(api, sync, ct);
                }
                else
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(commandMs * (0.5 + (4.5 * random.NextDouble()))), ct);
                }

                var killed = await sync.KillAsync();
                var pushed = (await api.PullAllAsync()).Count - before;
                interrupted += killed && pushed > 0 ? 1 : 0;
                landings.Add($"{(headWatch ? "after a commit" : "at a random time")}: {Landing(killed, pushed, leftInFlight, cli.DatabasePath, server.DataDirectory)}");
            }

            // Else the test proves nothing: the kills must have cut syncs that were pushing.
            Assert.True(interrupted > 0, string.Join("; ", landings));

            var clock = Stopwatch.StartNew();
            var final = await cli.OkAsync("sync");
            var finalMs = clock.Elapsed.TotalMilliseconds;
            Assert.DoesNotContain("pending", final.Stdout, StringComparison.Ordinal);

            var log = await api.PullAllAsync();
            // One CREATE per record written, and the __default__ collection: a batch applied twice would
            // log its bookmarks again (as UPDATEs of the same place) and its notes and collections twice.
            Assert.All(log, e => Assert.Equal("CREATE", e["type"]!.GetValue<string>()));
            Assert.Equal(written.Count + 1, log.Count);
            var onServer = Fold(log);
            Assert.Equal(written.Places.Order(StringComparer.Ordinal), onServer.Bookmarks.Values.Select(Place).Order(StringComparer.Ordinal));
            Assert.Equal(written.NoteBodies.Order(StringComparer.Ordinal), onServer.Notes.Values.Select(n => n["body"]!.GetValue<string>()).Order(StringComparer.Ordinal));
            Assert.Equal(
                written.CollectionNames.Append("Favorites").Order(StringComparer.Ordinal),
                onServer.Collections.Values.Select(c => c["name"]!.GetValue<string>()).Order(StringComparer.Ordinal));
            Assert.Equal(written.Links, onServer.Links.Count);

            // The device holds exactly what the server holds, all synced.
            var export = JsonNode.Parse((await cli.OkAsync("export", "--json")).Stdout)!.AsObject();
            Assert.All(new[] { "bookmarks", "collections", "collectionBookmarks", "notes" }.SelectMany(list => export[list]!.AsArray()),
                r => Assert.Equal("synced", r!["syncStatus"]!.GetValue<string>()));
            Assert.Equal(
                onServer.Bookmarks.Select(b => $"{b.Key} {Place(b.Value)}").Order(StringComparer.Ordinal),
                export["bookmarks"]!.AsArray().Select(b => $"{b!["id"]} {Place(b.AsObject())}").Order(StringComparer.Ordinal));
            Assert.Equal(
                onServer.Notes.Select(n => $"{n.Key} {n.Value["body"]}").Order(StringComparer.Ordinal),
                export["notes"]!.AsArray().Select(n => $"{n!["id"]} {n["body"]}").Order(StringComparer.Ordinal));
            Assert.Equal(
                onServer.Collections.Select(c => $"{c.Key} {c.Value["name"]}").Order(StringComparer.Ordinal),
                export["collections"]!.AsArray().Select(c => $"{c!["id"]} {c["name"]}").Order(StringComparer.Ordinal));
            Assert.Equal(
                onServer.Links.Order(StringComparer.Ordinal),
                export["collectionBookmarks"]!.AsArray().Select(l => $"{l!["collectionId"]}-{l["bookmarkId"]}").Order(StringComparer.Ordinal));

            var report = string.Create(
                CultureInfo.InvariantCulture,
                $"CLI (seed {seed}): {written.Count} records written offline; {Kills} kills of `syncline sync`: {string.Join("; ", landings)}. " +
                $"A CLI command took {commandMs:F0} ms; the final sync {finalMs:F0} ms ({final.Stdout.Trim()}).");
            TestContext.Current.TestOutputHelper?.WriteLine(report);
            TestContext.Current.SendDiagnosticMessage(report);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            directory.Delete(recursive: true);
        }
    }

    /// <summary>
    /// A few records through the CLI's own commands, and hundreds more through the SDK on the same
    /// database file (a process per record would take minutes), before the device has ever logged in.
    /// Returns them, and how long the quickest of these commands took (the least disturbed by other work on the machine).
    /// </summary>
    private static async Task<(Written Written, double CommandMs)> WriteOfflineAsync(Cli cli, CancellationToken ct)
    {
        var written = new Written();
        var clock = Stopwatch.StartNew();
        var bookmark = (await cli.OkAsync("bookmark", "add", "2:255")).WrittenId;
        var commandMs = clock.Elapsed.TotalMilliseconds;
        written.Places.Add("ayah 2:255 m1");
        clock.Restart();
        await cli.OkAsync("note", "add", "1:1-1:7", "The Opening, written in the terminal");
        commandMs = Math.Min(commandMs, clock.Elapsed.TotalMilliseconds);
        written.NoteBodies.Add("The Opening, written in the terminal");
        clock.Restart();
        var collection = (await cli.OkAsync("collection", "create", "Written in the terminal")).WrittenId;
        commandMs = Math.Min(commandMs, clock.Elapsed.TotalMilliseconds);
        written.CollectionNames.Add("Written in the terminal");
        clock.Restart();
        await cli.OkAsync("collection", "add", collection, bookmark);
        commandMs = Math.Min(commandMs, clock.Elapsed.TotalMilliseconds);
        written.Links++;

        var options = new SyncClientOptions
        {
            // Never synced from here: the CLI does the syncing.
            ServerUrl = new Uri("http://not-used.invalid/"),
            DatabasePath = cli.DatabasePath,
            TokenProvider = _ => throw new InvalidOperationException("this client never syncs"),
        };
        await using (var client = await SyncClient.OpenAsync(options, cancellationToken: ct))
        {
            for (var page = 1; page <= 300; page++)
            {
                await client.Bookmarks.AddAsync(BookmarkType.Page, page, null, 1, ct);
                written.Places.Add($"page {page} m1");
            }

            for (var i = 0; i < 220; i++)
            {
                var surah = (i % 114) + 1;
                var body = $"Note {i} on surah {surah}, written offline";
                await client.Notes.AddAsync(body, [$"{surah}:1-{surah}:1"], cancellationToken: ct);
                written.NoteBodies.Add(body);
            }

            for (var i = 0; i < 20; i++)
            {
                var created = await client.Collections.CreateAsync($"Offline collection {i}", cancellationToken: ct);
                written.CollectionNames.Add(created.Name);
                foreach (var b in (await client.Bookmarks.ListAsync(ct)).Take(3))
                {
                    await client.CollectionBookmarks.AddAsync(created.Id, b.Id, ct);
                    written.Links++;
                }
            }
        }

        SqliteConnection.ClearAllPools();
        return (written, commandMs);
    }

    /// <summary>Polls the server's head until it moves (a batch was committed) or the sync ended.</summary>
    private static async Task WaitForHeadToMoveAsync(SyncApi api, CliRun sync, CancellationToken ct)
    {
        var head = await api.HeadAsync();
        while (!sync.HasExited && await api.HeadAsync() == head)
        {
            await Task.Delay(2, ct);
        }
    }

    /// <summary>
    /// Where the kill landed, from the device's file (a batch it had planned and not yet settled) and
    /// the server's (whether that batch's key is stored, that is, committed).
    /// </summary>
    private static string Landing(bool killed, int pushedEntries, string? leftInFlight, string devicePath, string serverDirectory)
    {
        var pushed = $"{pushedEntries} entries pushed in this run";
        if (!killed)
        {
            return $"the sync had ended ({pushed})";
        }

        var inFlight = Query(devicePath, "SELECT idempotency_key FROM push_batches").SingleOrDefault();
        if (inFlight is null)
        {
            return $"no batch in flight ({pushed})";
        }

        var batch = inFlight == leftInFlight ? "the batch an earlier kill left in flight" : "a batch of this run";
        var committed = Query(Path.Combine(serverDirectory, "syncline.db"), "SELECT key FROM idempotency").Contains(inFlight);
        return committed
            ? $"{batch} committed on the server, its reply not yet recorded on the device ({pushed})"
            : $"{batch} planned or sent, not committed ({pushed})";
    }

    private static List<string> Query(string path, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    /// <summary>The server's current records, from its log: the last entry of each wins, deletes remove.</summary>
    private static ServerState Fold(List<JsonObject> log)
    {
        var state = new ServerState();
        foreach (var entry in log)
        {
            var data = entry["data"]!.AsObject();
            var deleted = entry["type"]!.GetValue<string>() == "DELETE";
            switch (entry["resource"]!.GetValue<string>())
            {
                case "COLLECTION_BOOKMARK" when deleted:
                    state.Links.Remove($"{data["collectionId"]}-{data["bookmarkId"]}");
                    break;
                case "COLLECTION_BOOKMARK":
                    state.Links.Add($"{data["collectionId"]}-{data["bookmarkId"]}");
                    break;
                case var resource:
                    var records = resource switch { "BOOKMARK" => state.Bookmarks, "NOTE" => state.Notes, _ => state.Collections };
                    var id = entry["resourceId"]!.GetValue<string>();
                    if (deleted)
                    {
                        records.Remove(id);
                    }
                    else
                    {
                        records[id] = data;
                    }

                    break;
            }
        }

        return state;
    }

    private static string Place(JsonObject bookmark)
    {
        var type = bookmark["type"]!.GetValue<string>();
        var at = type == "ayah" ? $"{bookmark["key"]}:{bookmark["verseNumber"]}" : $"{bookmark["key"]}";
        return $"{type} {at} m{bookmark["mushaf"]}";
    }

    private sealed class Written
    {
        public List<string> Places { get; } = [];

        public List<string> NoteBodies { get; } = [];

        public List<string> CollectionNames { get; } = [];

        public int Links { get; set; }

        public int Count => Places.Count + NoteBodies.Count + CollectionNames.Count + Links;
    }

    private sealed class ServerState
    {
        public Dictionary<string, JsonObject> Bookmarks { get; } = [];

        public Dictionary<string, JsonObject> Notes { get; } = [];

        public Dictionary<string, JsonObject> Collections { get; } = [];

        public HashSet<string> Links { get; } = [];
    }
}
