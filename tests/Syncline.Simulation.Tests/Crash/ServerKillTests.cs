using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Syncline.Simulation.Tests.Support;
using Syncline.Testing.Servers;

namespace Syncline.Simulation.Tests.Crash;

/// <summary>
/// The server process is SIGKILLed while a push is on its way, at a seeded moment, and started again
/// on its files. Whatever the moment, the batch is in the log whole or not at all, and the client's
/// retry with the same Idempotency-Key settles it: the stored reply if it was applied, the batch
/// applied now if not; never twice. Each test writes where its kills landed to the test output.
/// </summary>
public sealed class ServerKillTests
{
    /// <summary>Server kills across the tests of this class.</summary>
    public const int Kills = 100;

    private const string User = "crash-user";

    [Fact]
    public Task A_batch_of_new_records_killed_at_any_moment_is_applied_whole_or_not_at_all_and_once_after_its_retry() =>
        RunAsync(seed: 4101, "creates", (batches, random) => batches.Creates(random.Next(20, 51)));

    [Fact]
    public Task A_batch_of_creates_updates_and_deletes_killed_at_any_moment_is_applied_whole_or_not_at_all_and_once_after_its_retry() =>
        RunAsync(seed: 4102, "mixed", (batches, random) => batches.Mixed(random.Next(20, 51)));

    private static async Task RunAsync(int seed, string name, Func<CrashBatches, Random, CrashBatch> next)
    {
        var ct = TestContext.Current.CancellationToken;
        // SYNCLINE_CRASH_SEED replays a failing run; the seed is in every failure message.
        seed = int.TryParse(Environment.GetEnvironmentVariable("SYNCLINE_CRASH_SEED"), CultureInfo.InvariantCulture, out var given) ? given : seed;
        var random = new Random(seed);
        var batches = new CrashBatches(random);
        await using var server = await KillableServer.StartAsync(ct);

        // Unkilled pushes first: the collections that links go to, some records to update and delete,
        // and how long a push takes here (the fastest, the others waited for a busy CPU), to spread the kills over it.
        long head;
        var roundTrips = new List<double>();
        using (var api = server.Api(User))
        {
            head = await PushUnkilledAsync(api, batches, batches.Setup(), 0, ct);
            for (var i = 0; i < 6; i++)
            {
                var clock = Stopwatch.StartNew();
                head = await PushUnkilledAsync(api, batches, batches.Creates(35), head, ct);
                roundTrips.Add(clock.Elapsed.TotalMilliseconds);
            }
        }

        var pushMs = roundTrips.Min();
        var window = pushMs;
        var records = CountRecords(server);
        var landings = Enum.GetValues<KillLanding>().ToDictionary(l => l, _ => 0);
        var restarts = TimeSpan.Zero;
        var total = Stopwatch.StartNew();
        for (var round = 0; round < Kills / 2; round++)
        {
            var batch = next(batches, random);
            try
            {
                var (seen, reply, restart) = await KillDuringPushAsync(server, batch, head, random, window, ct);
                restarts += restart;
                (head, var landing) = await SettleAsync(server, batches, batch, head, records, seen, reply, ct);
                records += batch.NewRecords;
                landings[landing]++;
                // Keep the kills around the commit whatever the machine's load: sooner after a kill that
                // came too late, later after one that came before the commit.
                window *= landing switch { KillLanding.AfterReply => 0.8, KillLanding.MidRequestAppliedReplyLost => 1.0, _ => 1.15 };
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                throw new InvalidOperationException($"seed {seed}, {name} round {round}: {exception.Message}", exception);
            }
        }

        Assert.Equal(Kills / 2, server.Kills);
        // The log itself (pulls serve the current state): every acknowledged batch once, in order.
        var log = await ServerLogFile.ReadAsync(server.DataDirectory, User, ct);
        AssertStrictlyIncreasing(log, 0);
        Assert.Equal(head, log[^1]["timestamp"]!.GetValue<long>());

        var report = string.Create(
            CultureInfo.InvariantCulture,
            $"{name} (seed {seed}): {server.Kills} kills: before the request was sent {landings[KillLanding.BeforeSent]}, " +
            $"mid-request not applied {landings[KillLanding.MidRequestNotApplied]}, mid-request applied with the reply lost " +
            $"{landings[KillLanding.MidRequestAppliedReplyLost]}, after the reply {landings[KillLanding.AfterReply]}. " +
            $"A push took {pushMs:F1} ms, the kill window ended at {window:F1} ms; restarts {restarts.TotalSeconds:F1} s, all rounds {total.Elapsed.TotalSeconds:F1} s; {log.Count} log entries.");
        TestContext.Current.TestOutputHelper?.WriteLine(report);
        TestContext.Current.SendDiagnosticMessage(report);
    }

    /// <summary>Sends the push, kills the server at a seeded moment, restarts it, and says where the kill landed.</summary>
    private static async Task<(KillLanding Landing, SyncReply? Reply, TimeSpan Restart)> KillDuringPushAsync(
        KillableServer server, CrashBatch batch, long head, Random random, double windowMs, CancellationToken ct)
    {
        // Over a push's round trip and a little past it. Killing takes a few milliseconds itself (the
        // process tree is looked up first), so a kill lands later than its delay.
        var delay = TimeSpan.FromMilliseconds(random.NextDouble() * windowMs * 1.5);
        SyncReply? reply;
        bool sent;
        using (var api = server.Api(User))
        {
            var push = KilledPush.Start(api, batch, head, ct);
            await KilledPush.WaitAsync(delay);
            await server.KillAsync();
            reply = await push.ReplyAsync();
            sent = push.WasSent;
        }

        var clock = Stopwatch.StartNew();
        await server.RestartAsync(ct);
        var restart = clock.Elapsed;

        if (reply is not null)
        {
            Assert.True(reply.Status == HttpStatusCode.OK, $"the push answered before the kill: {reply}");
            return (KillLanding.AfterReply, reply, restart);
        }

        return (sent ? KillLanding.MidRequestNotApplied : KillLanding.BeforeSent, null, restart);
    }

    /// <summary>
    /// Checks the log after the restart (the whole batch or nothing), retries with the same key and
    /// the head the client knew, checks the batch is then in the log exactly once. Returns the new head,
    /// and where the kill landed now that the log tells whether the batch was committed.
    /// </summary>
    private static async Task<(long Head, KillLanding Landing)> SettleAsync(
        KillableServer server, CrashBatches batches, CrashBatch batch, long head, long records, KillLanding landing, SyncReply? reply, CancellationToken ct)
    {
        using var api = server.Api(User);
        var entries = await EntriesSinceAsync(server, head, ct);
        var applied = entries.Count > 0;

        // The log, the current state and the stored reply are one commit: all three or none.
        Assert.Equal(applied ? records + batch.NewRecords : records, CountRecords(server));
        Assert.Equal(applied ? 1 : 0, CountReplies(server, batch.IdempotencyKey));
        if (applied)
        {
            AssertWholeBatch(batch, entries, head);
            Assert.Equal(entries[^1]["timestamp"]!.GetValue<long>(), await api.HeadAsync());
        }
        else
        {
            Assert.Equal(head, await api.HeadAsync());
            Assert.True(landing != KillLanding.AfterReply, "the server answered 200 but the batch is not in its log after the restart");
        }

        if (landing == KillLanding.MidRequestNotApplied && applied)
        {
            landing = KillLanding.MidRequestAppliedReplyLost;
        }

        Assert.False(landing == KillLanding.BeforeSent && applied, "a push that was never sent is in the log");

        // The client does not know what happened: it sends the same body with the same key and the head it knew.
        var retry = await api.PushAsync(head, batch.Body, batch.IdempotencyKey, ct);
        Assert.True(retry.Status == HttpStatusCode.OK, $"retry: {retry}");
        if (applied)
        {
            // The stored reply, nothing applied again.
            Assert.Equal(entries.Count, (await EntriesSinceAsync(server, head, ct)).Count);
            if (reply is not null)
            {
                Assert.Equal(reply.Text, retry.Text);
            }
        }
        else
        {
            entries = await EntriesSinceAsync(server, head, ct);
            AssertWholeBatch(batch, entries, head);
        }

        AssertAcknowledges(retry, batch, entries);
        Assert.Equal(records + batch.NewRecords, CountRecords(server));

        // And once more, as a client that lost this reply too: the same answer, the log unchanged.
        var again = await api.PushAsync(head, batch.Body, batch.IdempotencyKey, ct);
        Assert.Equal(retry.Text, again.Text);
        Assert.Equal(retry.Head, await api.HeadAsync());
        Assert.Equal(entries.Count, (await EntriesSinceAsync(server, head, ct)).Count);

        batches.Applied(batch, retry);
        return (retry.Head, landing);
    }

    /// <summary>The user's rows in the server's current state (tombstones too), read from its database file.</summary>
    private static long CountRecords(KillableServer server) =>
        ServerScalar(server, "SELECT COUNT(*) FROM resources WHERE user_id = $u", null);

    /// <summary>Whether the server stored a reply for <paramref name="key"/>, read from its database file.</summary>
    private static long CountReplies(KillableServer server, string key) =>
        ServerScalar(server, "SELECT COUNT(*) FROM idempotency WHERE user_id = $u AND key = $k", key);

    private static long ServerScalar(KillableServer server, string sql, string? key)
    {
        var path = Path.Combine(server.DataDirectory, "syncline.db");
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$u", User);
        if (key is not null)
        {
            command.Parameters.AddWithValue("$k", key);
        }

        return (long)command.ExecuteScalar()!;
    }

    private static async Task<long> PushUnkilledAsync(SyncApi api, CrashBatches batches, CrashBatch batch, long head, CancellationToken ct)
    {
        var reply = await api.PushAsync(head, batch.Body, batch.IdempotencyKey, ct);
        Assert.True(reply.Status == HttpStatusCode.OK, reply.ToString());
        batches.Applied(batch, reply);
        return reply.Head;
    }

    /// <summary>Every log entry after <paramref name="since"/>, read from the server's database: a pull gives the current state, not the log.</summary>
    private static async Task<List<JsonObject>> EntriesSinceAsync(KillableServer server, long since, CancellationToken ct) =>
        [.. (await ServerLogFile.ReadAsync(server.DataDirectory, User, ct)).Where(e => e["timestamp"]!.GetValue<long>() > since)];

    /// <summary>The entries of exactly this batch: one per item in request order, then one bookmark per link by details.</summary>
    private static void AssertWholeBatch(CrashBatch batch, List<JsonObject> entries, long head)
    {
        Assert.True(
            entries.Count == batch.ExpectedEntries,
            $"the log holds {entries.Count} entries after the head {head}; the whole batch is {batch.ExpectedEntries} ({batch.Items.Count} items, {batch.SideEffects} side effects)");
        AssertStrictlyIncreasing(entries, head);
        for (var i = 0; i < batch.Items.Count; i++)
        {
            Assert.Equal(batch.Items[i]["resource"]!.GetValue<string>(), entries[i]["resource"]!.GetValue<string>());
            Assert.Equal(batch.Items[i]["type"]!.GetValue<string>(), entries[i]["type"]!.GetValue<string>());
        }

        Assert.All(entries.Skip(batch.Items.Count), e => Assert.Equal(("BOOKMARK", "CREATE"), (e["resource"]!.GetValue<string>(), e["type"]!.GetValue<string>())));
    }

    /// <summary>The reply acknowledges each item with the timestamp of its entry, and its head is the batch's last entry.</summary>
    private static void AssertAcknowledges(SyncReply reply, CrashBatch batch, List<JsonObject> entries)
    {
        var acks = reply.Mutations;
        Assert.Equal(batch.Items.Count, acks.Count);
        Assert.Equal(
            entries.Take(batch.Items.Count).Select(e => e["timestamp"]!.GetValue<long>()),
            acks.Select(a => a["timestamp"]!.GetValue<long>()));
        Assert.Equal(entries[^1]["timestamp"]!.GetValue<long>(), reply.Head);
    }

    private static void AssertStrictlyIncreasing(List<JsonObject> entries, long after)
    {
        var previous = after;
        foreach (var timestamp in entries.Select(e => e["timestamp"]!.GetValue<long>()))
        {
            Assert.True(timestamp > previous, $"log timestamp {timestamp} after {previous}");
            previous = timestamp;
        }
    }
}
