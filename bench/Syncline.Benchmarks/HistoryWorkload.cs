using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Syncline.Server.Storage;

namespace Syncline.Benchmarks;

/// <summary>
/// What history costs (issue 12 item 2), on the embedded SQLite store: one user creates <c>records</c> notes
/// and edits them <c>edits</c> times; then a fresh device pulls everything by keyset, and the log and
/// tombstones are pruned as if the retention had passed. Prints the entries pulled and the database size
/// before and after pruning.
/// </summary>
internal sealed class HistoryWorkload(int records, int edits, TextWriter output)
{
    private const int Batch = 100;

    public async Task RunAsync(CancellationToken ct)
    {
        await using var server = await BenchServer.StartAsync(new Dictionary<string, string?> { ["Syncline:Store"] = "Sqlite" }, ct);
        using var device = server.Client("history-user");
        var clock = Stopwatch.StartNew();
        long head = 0;
        var ids = new List<string>(records);
        for (var first = 0; first < records; first += Batch)
        {
            var count = Math.Min(Batch, records - first);
            var reply = await device.PushAsync(head, Body(Enumerable.Range(first, count).Select(i => ("CREATE", (string?)null, $"Note {i}, as first written"))), ct);
            ids.AddRange(reply.Mutations.Select(m => m.ResourceId!));
            head = reply.LastMutationAt;
        }

        // A fixed ordering of edits over the notes, so every note is edited about edits/records times.
        for (var done = 0; done < edits; done += Batch)
        {
            var count = Math.Min(Batch, edits - done);
            var reply = await device.PushAsync(head, Body(Enumerable.Range(done, count).Select(e => ("UPDATE", (string?)ids[e % records], $"Note {e % records}, edit {e / records}"))), ct);
            head = reply.LastMutationAt;
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"seeded 1 user: {records:N0} notes created, {edits:N0} edits, in {clock.Elapsed.TotalSeconds:F1} s"));
        var database = Path.Combine(server.DataDirectory, "syncline.db");
        await output.WriteLineAsync(await DescribeAsync("before pruning", database, ct));

        using var fresh = server.Client("history-user");
        clock.Restart();
        var (entries, pages) = (0, 0);
        for (long since = 0; ; pages++)
        {
            var page = await fresh.PullAsync(since, 1000, ct);
            entries += page.Mutations.Count;
            if (!page.HasMore)
            {
                pages++;
                break;
            }

            since = page.Mutations[^1].Timestamp;
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"fresh device pull (keyset, limit 1000): {entries:N0} entries in {pages} pages, {clock.Elapsed.TotalMilliseconds:F0} ms"));

        clock.Restart();
        // Everything up to the head: pushes this fast take timestamps ahead of the wall clock (head + 1 each).
        var pruned = await server.Services.GetRequiredService<ISyncStore>().PruneAsync(head + 1, head + 1, ct);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"pruned (as if the retention had passed since the last write): {pruned.LogEntries:N0} log entries, {pruned.Tombstones:N0} tombstones, in {clock.Elapsed.TotalMilliseconds:F0} ms"));
        await output.WriteLineAsync(await DescribeAsync("after pruning", database, ct));
        await VacuumAsync(database, ct);
        await output.WriteLineAsync(await DescribeAsync("after pruning and VACUUM", database, ct));
    }

    /// <summary>Rows and sizes of the database: the file (after a WAL checkpoint) and the pages in use (freed pages are reused by SQLite, not returned).</summary>
    private static async Task<string> DescribeAsync(string label, string database, CancellationToken ct)
    {
        await using var connection = await OpenAsync(database, ct);
        await ScalarAsync(connection, "PRAGMA wal_checkpoint(TRUNCATE)", ct);
        var log = await ScalarAsync(connection, "SELECT COUNT(*) FROM log", ct);
        var resources = await ScalarAsync(connection, "SELECT COUNT(*) FROM resources", ct);
        var pageSize = await ScalarAsync(connection, "PRAGMA page_size", ct);
        var inUse = (await ScalarAsync(connection, "PRAGMA page_count", ct) - await ScalarAsync(connection, "PRAGMA freelist_count", ct)) * pageSize;
        var file = new FileInfo(database).Length + (File.Exists(database + "-wal") ? new FileInfo(database + "-wal").Length : 0);
        return string.Create(CultureInfo.InvariantCulture,
            $"{label}: {log:N0} log entries, {resources:N0} resource rows; database file {file / 1048576.0:F1} MiB, pages in use {inUse / 1048576.0:F1} MiB");
    }

    private static async Task VacuumAsync(string database, CancellationToken ct)
    {
        await using var connection = await OpenAsync(database, ct);
        await ScalarAsync(connection, "VACUUM", ct);
    }

    private static async Task<SqliteConnection> OpenAsync(string database, CancellationToken ct)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Pooling = false }.ToString());
        await connection.OpenAsync(ct);
        return connection;
    }

    private static async Task<long> ScalarAsync(SqliteConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(ct) is long value ? value : 0;
    }

    private static byte[] Body(IEnumerable<(string Type, string? Id, string Text)> mutations)
    {
        var output = new ArrayBufferWriter<byte>(Batch * 120);
        using (var json = new Utf8JsonWriter(output))
        {
            json.WriteStartObject();
            json.WriteStartArray("mutations");
            foreach (var (type, id, text) in mutations)
            {
                json.WriteStartObject();
                json.WriteString("type", type);
                json.WriteString("resource", "NOTE");
                if (id is not null)
                {
                    json.WriteString("resourceId", id);
                }

                json.WriteStartObject("data");
                json.WriteString("body", text);
                if (id is null)
                {
                    json.WriteStartArray("ranges");
                    json.WriteStringValue("2:255-2:257");
                    json.WriteEndArray();
                }

                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return output.WrittenSpan.ToArray();
    }
}
