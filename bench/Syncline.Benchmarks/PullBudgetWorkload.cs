using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace Syncline.Benchmarks;

/// <summary>
/// Bounded memory under heavy pulls (issue 12): the server as its own process; one user holds
/// <see cref="Notes"/> notes of 10,000 code points (4-byte emoji, 40 KB as UTF-8 each); then
/// <see cref="Clients"/> clients pull that user from 0 to the end by keyset, over and over, while
/// another user's small pulls are timed. Prints the server's peak resident memory and the other
/// user's pull latencies (idle first, then under the load).
/// </summary>
internal sealed class PullBudgetWorkload(int notes, int clients, int seconds, string? serverDll, TextWriter output)
{
    public const string Usage = "usage: pullbudget [--notes 1000] [--clients 20] [--seconds 30] [--server-dll PATH (another build, for a before/after figure)]";

    // 10,000 code points, the most a note may hold: a 10-character label, then 4-byte emoji.
    private const int EmojiPerNote = 9_990;

    // Notes per push: 40 KB each keeps a batch under the 1 MiB body limit.
    private const int NotesPerPush = 20;

    public int Notes => notes;

    public int Clients => clients;

    public async Task RunAsync(CancellationToken ct)
    {
        await using var server = await ServerProcess.StartAsync(ct, serverDll);
        output.WriteLine($"pull budget workload: {notes:N0} notes of {EmojiPerNote + 10:N0} code points, {clients} clients pulling it from 0 for {seconds} s; " +
            $"server {serverDll ?? "built beside this program"}, SQLite, pid {server.ProcessId}");

        var seeding = Stopwatch.GetTimestamp();
        using (var heavy = new UserClient(server.BaseAddress, server.Token("heavy-user")))
        {
            long head = 0;
            for (var pushed = 0; pushed < notes; pushed += NotesPerPush)
            {
                head = (await heavy.PushAsync(head, NoteBatch(pushed, Math.Min(NotesPerPush, notes - pushed)), ct)).LastMutationAt;
            }
        }

        using var light = new UserClient(server.BaseAddress, server.Token("light-user"));
        await light.PushAsync(0, new BookmarkSource().NextBatch(20), ct);
        output.WriteLine($"seeded in {Stopwatch.GetElapsedTime(seeding).TotalSeconds:F1} s; server resident {Mb(ProcessMemory.Resident(server.ProcessId))}, peak so far {Mb(ProcessMemory.Peak(server.ProcessId))}");

        for (var i = 0; i < 50; i++)
        {
            // Warm-up: JIT and connections, not measured.
            await light.PullAsync(0, 100, ct);
        }

        output.WriteLine($"machine load average (1 min) before the load: {LoadAverage()}");
        var idle = await TimeLightPullsAsync(light, TimeSpan.FromSeconds(5), ct);
        output.WriteLine($"other user's pull, server idle: p50 {Ms(idle.P50)}, p99 {Ms(idle.P99)}, max {Ms(idle.Max)} over {idle.Count:N0}");

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var sampler = SampleResidentAsync(server.ProcessId, stop.Token);
        var started = Stopwatch.GetTimestamp();
        var pullers = Enumerable.Range(0, clients).Select(_ => PullRepeatedlyAsync(server, stop.Token)).ToList();
        var loaded = await TimeLightPullsAsync(light, TimeSpan.FromSeconds(seconds), ct);
        await stop.CancelAsync();
        var walks = await Task.WhenAll(pullers);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var peakDuringLoad = await sampler;

        var pages = walks.Sum(w => w.Pages);
        var entries = walks.Sum(w => w.Entries);
        var bytes = walks.Sum(w => w.Bytes);
        output.WriteLine(
            $"heavy pulls: {walks.Sum(w => w.Walks):N0} full walks, {pages:N0} pages, {entries:N0} entries, {bytes / 1048576.0:N0} MiB in {elapsed.TotalSeconds:F1} s " +
            $"({bytes / 1048576.0 / elapsed.TotalSeconds:N0} MiB/s; largest page {walks.Max(w => w.LargestPage) / 1048576.0:F1} MiB)");
        output.WriteLine($"other user's pull, under the load: p50 {Ms(loaded.P50)}, p99 {Ms(loaded.P99)}, max {Ms(loaded.Max)} over {loaded.Count:N0} (target p99 < 50 ms)");
        output.WriteLine($"machine load average (1 min) after the load: {LoadAverage()} (2 cores, shared with other programs)");
        output.WriteLine($"server resident memory: peak sampled under the load {Mb(peakDuringLoad)}, VmHWM (whole run) {Mb(ProcessMemory.Peak(server.ProcessId))} (target < 300 MB)");
    }

    /// <summary>One push body of <paramref name="count"/> notes, written by hand so the emoji go as raw UTF-8, as a real client's would.</summary>
    private static ReadOnlyMemory<byte> NoteBatch(int first, int count)
    {
        var emoji = new StringBuilder(EmojiPerNote * 2);
        for (var i = 0; i < EmojiPerNote; i++)
        {
            // Cycle through the Emoticons block (U+1F600..U+1F64F), all 4 bytes in UTF-8.
            emoji.Append(char.ConvertFromUtf32(0x1F600 + (i % 80)));
        }

        var body = new StringBuilder("{\"mutations\":[");
        for (var n = first; n < first + count; n++)
        {
            body.Append(n == first ? string.Empty : ",")
                .Append("{\"type\":\"CREATE\",\"resource\":\"NOTE\",\"data\":{\"ranges\":[\"2:255-2:257\"],\"body\":\"")
                .Append(CultureInfo.InvariantCulture, $"note {n:D5}").Append(emoji).Append("\"}}");
        }

        return Encoding.UTF8.GetBytes(body.Append("]}").ToString());
    }

    /// <summary>A fresh device, again and again: pull everything from 0 by keyset until <c>hasMore</c> is false.</summary>
    private static async Task<PullerTally> PullRepeatedlyAsync(ServerProcess server, CancellationToken stop)
    {
        using var http = new HttpClient(new SocketsHttpHandler()) { BaseAddress = server.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.Token("heavy-user"));
        var walks = new PullerTally();
        try
        {
            while (!stop.IsCancellationRequested)
            {
                long since = 0;
                while (true)
                {
                    using var response = await http.GetAsync($"/v1/sync?mutationsSince={since}&limit=1000", HttpCompletionOption.ResponseHeadersRead, stop);
                    response.EnsureSuccessStatusCode();
                    await using var body = await response.Content.ReadAsStreamAsync(stop);
                    var page = await PageScanner.ScanAsync(body, stop);
                    walks.Pages++;
                    walks.Entries += page.Count;
                    walks.Bytes += page.Bytes;
                    walks.LargestPage = Math.Max(walks.LargestPage, page.Bytes);
                    if (!page.HasMore)
                    {
                        break;
                    }

                    since = page.LastTimestamp;
                }

                walks.Walks++;
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The load ends mid-page: that page is not counted.
        }

        return walks;
    }

    private static async Task<LatencySummary> TimeLightPullsAsync(UserClient light, TimeSpan duration, CancellationToken ct)
    {
        var latencies = new LatencyRecorder();
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < until)
        {
            var started = Stopwatch.GetTimestamp();
            await light.PullAsync(0, 100, ct);
            latencies.Record(started);

            // A device syncing often, not a tight loop: the load is the heavy pullers'.
            await Task.Delay(20, ct);
        }

        return latencies.Summarize();
    }

    private static async Task<long> SampleResidentAsync(int processId, CancellationToken stop)
    {
        long peak = 0;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        try
        {
            do
            {
                peak = Math.Max(peak, ProcessMemory.Resident(processId));
            }
            while (await timer.WaitForNextTickAsync(stop));
        }
        catch (OperationCanceledException)
        {
        }

        return peak;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    private static string Mb(long bytes) => $"{bytes / 1_000_000.0:N0} MB";

    private static string Ms(TimeSpan value) => $"{value.TotalMilliseconds:F1} ms";

    private sealed class PullerTally
    {
        public int Walks { get; set; }

        public int Pages { get; set; }

        public long Entries { get; set; }

        public long Bytes { get; set; }

        public long LargestPage { get; set; }
    }
}
