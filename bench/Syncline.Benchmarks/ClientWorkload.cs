using System.Diagnostics;
using System.Globalization;
using Syncline.Client;

namespace Syncline.Benchmarks;

/// <summary>
/// The client SDK's workloads against the real server in its own process: (a) a fresh client pulls
/// N distinct records of every resource into an empty store, (b) N local writes, then one sync that
/// pushes them, (c) the latency of single local writes. Prints rates, latencies, and this process's
/// peak memory (the client's alone); with <paramref name="json"/>, the figures as one JSON object on
/// standard output and the text on standard error.
/// </summary>
internal sealed class ClientWorkload(int entries, int writes, int samples, bool json)
{
    private readonly TextWriter _output = json ? Console.Error : Console.Out;

    public async Task RunAsync(CancellationToken ct)
    {
        // Quotas off: a million records is ten times the default record quota.
        await using var server = await ServerProcess.StartAsync(ct, null, "--Syncline:Quota:MaxRecords=0", "--Syncline:Quota:MaxBytes=0");
        var directory = Directory.CreateTempSubdirectory("syncline-bench-client-").FullName;
        try
        {
            _output.WriteLine($"client workload: {entries:N0} distinct records to pull, {writes:N0} writes to push, {samples:N0} single-write samples; server pid separate, SQLite");
            var figures = new ClientFigures { Records = entries, Writes = writes, Samples = samples };
            await SeedAsync(server, "pulled-user", ct);

            // (a) fresh client, empty store, pulls everything.
            await using (var fresh = await OpenAsync(server, "pulled-user", Path.Combine(directory, "fresh.db"), ct))
            {
                GC.Collect();
                var before = Process.GetCurrentProcess().PeakWorkingSet64;
                var started = Stopwatch.GetTimestamp();
                var result = await fresh.SyncAsync(ct);
                var elapsed = Stopwatch.GetElapsedTime(started);
                Process.GetCurrentProcess().Refresh();
                var peak = Process.GetCurrentProcess().PeakWorkingSet64;
                _output.WriteLine(
                    $"(a) fresh pull: {result.Pulled:N0} entries in {elapsed.TotalSeconds:F2} s = {result.Pulled / elapsed.TotalSeconds:N0} entries/s; " +
                    $"peak working set {peak / 1048576.0:F0} MiB (before {before / 1048576.0:F0} MiB)");
                figures = figures with { Pulled = result.Pulled, PullSeconds = elapsed.TotalSeconds, PullPeakMiB = peak / 1048576.0 };
            }

            var rows = await LocalRows.CountAsync(Path.Combine(directory, "fresh.db"), ct);
            _output.WriteLine($"    rows on the device: {string.Join(", ", rows.Select(r => $"{r.Key} {r.Value:N0}"))}");
            figures = figures with { Rows = rows };

            // (b) many local writes, then one sync that pushes them.
            await using (var writer = await OpenAsync(server, "writing-user", Path.Combine(directory, "writer.db"), ct))
            {
                var started = Stopwatch.GetTimestamp();
                for (var i = 0; i < writes; i++)
                {
                    await writer.Notes.AddAsync($"benchmark note number {i}", ["2:255-2:257"], cancellationToken: ct);
                }

                var writing = Stopwatch.GetElapsedTime(started);
                started = Stopwatch.GetTimestamp();
                var result = await writer.SyncAsync(ct);
                var pushing = Stopwatch.GetElapsedTime(started);
                _output.WriteLine(
                    $"(b) {writes:N0} local writes in {writing.TotalSeconds:F2} s ({writes / writing.TotalSeconds:N0}/s); " +
                    $"one sync pushed {result.Pushed:N0} in {pushing.TotalSeconds:F2} s ({result.Pushed / pushing.TotalSeconds:N0}/s), pending after: {result.Pending}");
                figures = figures with { WriteSeconds = writing.TotalSeconds, Pushed = result.Pushed, PushSeconds = pushing.TotalSeconds };
            }

            // (c) single local write latency.
            await using (var single = await OpenAsync(server, "latency-user", Path.Combine(directory, "latency.db"), ct))
            {
                var ticks = new long[samples];
                for (var i = 0; i < samples; i++)
                {
                    var started = Stopwatch.GetTimestamp();
                    await single.Notes.AddAsync($"latency sample {i}", ["1:1-1:7"], cancellationToken: ct);
                    ticks[i] = Stopwatch.GetTimestamp() - started;
                }

                Array.Sort(ticks);
                double Ms(double fraction) => Stopwatch.GetElapsedTime(0, ticks[Math.Max(0, (int)Math.Ceiling(fraction * samples) - 1)]).TotalMilliseconds;
                _output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"(c) single local write: p50 {Ms(0.5):F3} ms, p99 {Ms(0.99):F3} ms, max {Ms(1.0):F3} ms over {samples:N0}"));
                figures = figures with { WriteP50Ms = Ms(0.5), WriteP99Ms = Ms(0.99), WriteMaxMs = Ms(1.0) };
            }

            Process.GetCurrentProcess().Refresh();
            var processPeak = Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0;
            _output.WriteLine($"peak working set of the client process: {processPeak:F0} MiB");
            if (json)
            {
                await using var stdout = Console.OpenStandardOutput();
                await (figures with { PeakMiB = processPeak }).WriteJsonAsync(stdout, ct);
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private async Task SeedAsync(ServerProcess server, string userId, CancellationToken ct)
    {
        using var user = new UserClient(server.BaseAddress, server.Token(userId));
        var source = new RecordMixSource();
        long head = 0;
        var started = Stopwatch.GetTimestamp();
        for (var pushed = 0; pushed < entries; pushed += 100)
        {
            var result = await user.PushAsync(head, source.NextBatch(Math.Min(100, entries - pushed)), ct);
            source.Acknowledge(result);
            head = result.LastMutationAt;
        }

        _output.WriteLine(
            $"seeded {entries:N0} distinct records in {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s: " +
            $"{source.Notes:N0} notes, {source.Collections:N0} collections, {source.Bookmarks:N0} bookmarks, {source.Links:N0} links");
    }

    private static Task<SyncClient> OpenAsync(ServerProcess server, string userId, string path, CancellationToken ct) =>
        SyncClient.OpenAsync(
            new SyncClientOptions
            {
                ServerUrl = server.BaseAddress,
                DatabasePath = path,
                TokenProvider = _ => ValueTask.FromResult(server.Token(userId)),
            },
            cancellationToken: ct);
}
