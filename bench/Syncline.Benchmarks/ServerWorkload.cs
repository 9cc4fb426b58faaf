using System.Diagnostics;

namespace Syncline.Benchmarks;

/// <summary>
/// The server workload, end to end over HTTP against the real server in this process:
/// seed one user's log, then (a) pull it all by keyset, (b) push in batches of 100, and
/// (c) many clients, each its own user, syncing (pull, then push 5) for a fixed time.
/// </summary>
internal sealed class ServerWorkload(ServerWorkloadOptions options, TextWriter output)
{
    /// <summary>
    /// The warm-up runs the same three paths on users of its own before the timed phases, until
    /// tiered JIT compilation has settled: on 2 busy cores the tier-1 recompiles of the request
    /// path otherwise take seconds of CPU inside the timed phases.
    /// </summary>
    public const int WarmUpMutations = 5_000;

    /// <summary>The warm-up syncs in rounds of this length, until a round compiles for less than <see cref="SettledJitShare"/> of it.</summary>
    public const int WarmUpRoundSeconds = 2;

    public const int MaxWarmUpRounds = 15;

    public const double SettledJitShare = 0.02;

    private const int PullLimit = 1000;
    private const int PushBatchSize = 100;
    private const int SyncBatchSize = 5;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var report = new WorkloadReport(output);
        await using var server = await BenchServer.StartAsync(options.StoreSettings(), cancellationToken);
        await report.HeaderAsync(options, server.DataDirectory, await DiskProbe.MeasureAsync(server.DataDirectory, cancellationToken));

        using (var warmUp = server.Client("warm-up-user"))
        {
            await report.PhaseAsync(await PushPhaseAsync("warm-up: push 100/batch", warmUp, WarmUpMutations, cancellationToken));
            await report.PhaseAsync(await PullAllAsync("warm-up: pull by keyset", warmUp, cancellationToken));
        }

        for (var round = 1; round <= MaxWarmUpRounds; round++)
        {
            var warmUp = await ConcurrentSyncAsync($"warm-up: clients sync, round {round}", server, $"warm-up-{round}", WarmUpRoundSeconds, cancellationToken);
            await report.PhaseAsync(warmUp);
            if (warmUp.Usage.JitTime < warmUp.Elapsed * SettledJitShare)
            {
                break;
            }
        }

        using var seeded = server.Client("seeded-user");
        await report.PhaseAsync(await PushPhaseAsync("seed: 1 user, push 100/batch", seeded, options.Seed, cancellationToken));
        var pull = await PullAllAsync("(a) pull limit 1000 by keyset", seeded, cancellationToken);
        await report.PhaseAsync(pull);

        using var pusher = server.Client("push-user");
        var push = await PushPhaseAsync("(b) push 100/batch, new user", pusher, options.Push, cancellationToken);
        await report.PhaseAsync(push);

        var sync = await ConcurrentSyncAsync($"(c) {options.Clients} clients pull+push 5", server, "sync-user", options.Seconds, cancellationToken);
        await report.PhaseAsync(sync);

        await report.SummaryAsync(pull, push, sync);
    }

    /// <summary>One client pushes <paramref name="total"/> bookmark CREATEs in batches of 100, each at the head the last push returned.</summary>
    private static async Task<PhaseResult> PushPhaseAsync(string name, UserClient client, int total, CancellationToken ct)
    {
        var source = new BookmarkSource();
        var latency = new LatencyRecorder();
        var before = ResourceSnapshot.Take();
        var clock = Stopwatch.StartNew();
        long head = 0;
        for (var pushed = 0; pushed < total;)
        {
            var count = Math.Min(PushBatchSize, total - pushed);
            var body = source.NextBatch(count);
            var start = Stopwatch.GetTimestamp();
            head = (await client.PushAsync(head, body, ct)).LastMutationAt;
            latency.Record(start);
            pushed += count;
        }

        clock.Stop();
        return new PhaseResult(name, total, "mutations", clock.Elapsed, latency.Summarize(), ResourceSnapshot.Take().Since(before), []);
    }

    /// <summary>Pulls a user's whole log, 1000 a page, by keyset: the next page starts after the last timestamp received.</summary>
    private static async Task<PhaseResult> PullAllAsync(string name, UserClient client, CancellationToken ct)
    {
        var latency = new LatencyRecorder();
        var before = ResourceSnapshot.Take();
        var clock = Stopwatch.StartNew();
        long since = 0;
        long entries = 0;
        while (true)
        {
            var start = Stopwatch.GetTimestamp();
            var page = await client.PullAsync(since, PullLimit, ct);
            latency.Record(start);
            entries += page.Mutations.Count;
            if (page.Mutations.Count > 0)
            {
                since = page.Mutations[^1].Timestamp;
            }

            if (!page.HasMore)
            {
                if (since != page.LastMutationAt)
                {
                    throw new InvalidOperationException($"The pull ended at {since}, before the head {page.LastMutationAt}");
                }

                break;
            }
        }

        clock.Stop();
        return new PhaseResult(name, entries, "entries", clock.Elapsed, latency.Summarize(), ResourceSnapshot.Take().Since(before), []);
    }

    /// <summary>Every client is its own user on its own connection, syncing in a loop until the time is up.</summary>
    private async Task<PhaseResult> ConcurrentSyncAsync(string name, BenchServer server, string userPrefix, int seconds, CancellationToken ct)
    {
        var clients = Enumerable.Range(0, options.Clients).Select(i => server.Client($"{userPrefix}-{i:D3}")).ToArray();
        try
        {
            // Connect every client first: the timed loop measures syncs, not TCP handshakes.
            await Task.WhenAll(clients.Select(c => c.PullAsync(0, 1, ct)));

            var recorders = clients.Select(_ => new SyncRecorders()).ToArray();
            var duration = TimeSpan.FromSeconds(seconds);
            var before = ResourceSnapshot.Take();
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(clients.Select((c, i) => SyncLoopAsync(c, recorders[i], clock, duration, ct)));
            clock.Stop();
            var usage = ResourceSnapshot.Take().Since(before);

            var syncs = LatencyRecorder.Summarize(recorders.Select(r => r.Sync));
            return new PhaseResult(
                name,
                syncs.Count,
                "syncs",
                clock.Elapsed,
                syncs,
                usage,
                [
                    ("pull", LatencyRecorder.Summarize(recorders.Select(r => r.Pull))),
                    ("push", LatencyRecorder.Summarize(recorders.Select(r => r.Push))),
                ]);
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    /// <summary>
    /// A device's sync, as PROTOCOL.md section 6 has it: pull from the cursor until nothing is
    /// left, push 5 at the head the pull returned, then move the cursor to the last acknowledged item.
    /// </summary>
    private static async Task SyncLoopAsync(UserClient client, SyncRecorders recorders, Stopwatch clock, TimeSpan duration, CancellationToken ct)
    {
        var source = new BookmarkSource();
        long cursor = 0;
        while (clock.Elapsed < duration)
        {
            var start = Stopwatch.GetTimestamp();
            long head;
            while (true)
            {
                var page = await client.PullAsync(cursor, PullLimit, ct);
                if (page.Mutations.Count > 0)
                {
                    cursor = page.Mutations[^1].Timestamp;
                }

                head = page.LastMutationAt;
                if (!page.HasMore)
                {
                    break;
                }
            }

            recorders.Pull.Record(start);
            var pushStart = Stopwatch.GetTimestamp();
            var pushed = await client.PushAsync(head, source.NextBatch(SyncBatchSize), ct);
            recorders.Push.Record(pushStart);
            recorders.Sync.Record(start);
            cursor = pushed.Mutations[^1].Timestamp;
        }
    }

    private sealed class SyncRecorders
    {
        public LatencyRecorder Sync { get; } = new();

        public LatencyRecorder Pull { get; } = new();

        public LatencyRecorder Push { get; } = new();
    }
}
