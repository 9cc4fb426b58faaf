using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Syncline.Server.Storage;
using Syncline.Server.Wire;

namespace Syncline.Server.Sync;

/// <summary>
/// Writes the body of a pull page (PROTOCOL.md section 3.1) into the response as its entries come
/// off the snapshot. Every <see cref="ChunkBytes"/> it hands what it wrote to the connection and
/// waits until the client has taken enough of it (backpressure), so a pull holds a chunk and one
/// entry in memory, not its page. A page stops before the entry that would take it over its byte
/// budget, but always holds one entry; it then says <c>hasMore</c>.
/// </summary>
internal static class PullPageWriter
{
    /// <summary>How much is written before it is flushed to the connection.</summary>
    public const int ChunkBytes = 32 * 1024;

    // The closing fields (page, limit, total, hasMore) come after the last entry: kept back from the budget.
    private const int TailBytes = 128;

    // An entry's frame around its data: field names, type, resource, timestamp, punctuation (ids add their length).
    private const int EntryFrameBytes = 96;

    /// <summary>Writes the page; <paramref name="budget"/> bounds the body's bytes (<see cref="long.MaxValue"/>: no bound).</summary>
    public static async Task<PulledPage> WriteAsync(PipeWriter output, LogSnapshot page, PullQuery query, long budget, CancellationToken ct)
    {
        await using var json = new Utf8JsonWriter(output);
        SyncJson.StartMutations(json, page.Head);

        var count = 0;
        var cut = false;
        // Counted from what was written, not from BytesPending: the writer hands its bytes to the pipe
        // (without flushing them to the connection) each time it needs memory, about every 4 KiB, so
        // BytesPending alone would reach a chunk only for an entry larger than one.
        long flushedAt = 0;
        await foreach (var entry in page.Entries.WithCancellation(ct))
        {
            if (count > 0 && json.BytesCommitted + json.BytesPending + Size(entry) > budget - TailBytes)
            {
                cut = true;
                break;
            }

            SyncJson.WriteMutation(json, entry.Type, entry.Resource, entry.ResourceId, entry.Data, entry.Timestamp);
            count++;
            if (json.BytesCommitted + json.BytesPending - flushedAt >= ChunkBytes)
            {
                if (!await FlushAsync(json, output, ct))
                {
                    return new PulledPage(count, HasMore: true, Delivered: false);
                }

                flushedAt = json.BytesCommitted;
            }
        }

        var hasMore = cut || page.HasMore;
        json.WriteEndArray();
        json.WriteNumber("page", query.Page);
        json.WriteNumber("limit", query.Limit);
        json.WriteNumber("total", page.Total);
        json.WriteBoolean("hasMore", hasMore);
        json.WriteEndObject();
        json.WriteEndObject();
        var delivered = await FlushAsync(json, output, ct);
        return new PulledPage(count, hasMore, delivered);
    }

    /// <summary>An entry's bytes in the body, from above: its data is copied raw, the rest is ASCII.</summary>
    public static long Size(LogEntry entry) =>
        Encoding.UTF8.GetByteCount(entry.Data) + entry.Type.Length + entry.Resource.Length + (entry.ResourceId?.Length ?? 0) + EntryFrameBytes;

    /// <summary>Commits the pending bytes and waits for the connection to take them; false when the client is gone.</summary>
    private static async Task<bool> FlushAsync(Utf8JsonWriter json, PipeWriter output, CancellationToken ct)
    {
        json.Flush();
        var result = await output.FlushAsync(ct);
        return !result.IsCompleted && !result.IsCanceled;
    }
}

/// <summary>What a pull wrote: its entries, whether it said <c>hasMore</c>, and whether the client took it all.</summary>
internal readonly record struct PulledPage(int Count, bool HasMore, bool Delivered);
