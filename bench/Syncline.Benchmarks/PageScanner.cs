using System.Buffers;
using System.Text.Json;

namespace Syncline.Benchmarks;

/// <summary>What a pull page said: its entries, the last timestamp, <c>hasMore</c>, and its size on the wire.</summary>
internal readonly record struct ScannedPage(int Count, long LastTimestamp, bool HasMore, long Bytes);

/// <summary>
/// Reads a pull page off the response stream with a <see cref="Utf8JsonReader"/>, a buffer at a time,
/// keeping only what keyset paging needs. Large pages (the 120 MB pages this benchmark is about) are
/// never held whole, so the figures are the server's, not the load generator's.
/// </summary>
internal static class PageScanner
{
    public static async Task<ScannedPage> ScanAsync(Stream body, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(256 * 1024);
        try
        {
            var state = new JsonReaderState();
            var scan = new Scan();
            var held = 0;
            long bytes = 0;
            var final = false;
            while (!final)
            {
                if (held == buffer.Length)
                {
                    // One token (a long string) is larger than the buffer: grow it.
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, held).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await body.ReadAsync(buffer.AsMemory(held), ct);
                bytes += read;
                held += read;
                final = read == 0;
                var consumed = Consume(buffer.AsSpan(0, held), final, ref state, ref scan);
                buffer.AsSpan(consumed, held - consumed).CopyTo(buffer);
                held -= consumed;
            }

            return new ScannedPage(scan.Count, scan.LastTimestamp, scan.HasMore, bytes);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static int Consume(ReadOnlySpan<byte> data, bool final, ref JsonReaderState state, ref Scan scan)
    {
        var reader = new Utf8JsonReader(data, final, state);
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    scan.Property = reader.ValueTextEquals("timestamp"u8) ? Field.Timestamp
                        : reader.ValueTextEquals("hasMore"u8) ? Field.HasMore
                        : Field.Other;
                    break;
                case JsonTokenType.Number when scan.Property == Field.Timestamp:
                    scan.LastTimestamp = reader.GetInt64();
                    scan.Count++;
                    break;
                case JsonTokenType.True or JsonTokenType.False when scan.Property == Field.HasMore:
                    scan.HasMore = reader.GetBoolean();
                    break;
            }
        }

        state = reader.CurrentState;
        return (int)reader.BytesConsumed;
    }

    private enum Field
    {
        Other,
        Timestamp,
        HasMore,
    }

    private struct Scan
    {
        public Field Property;
        public int Count;
        public long LastTimestamp;
        public bool HasMore;
    }
}
