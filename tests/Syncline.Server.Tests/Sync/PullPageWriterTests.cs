using System.IO.Pipelines;
using Syncline.Server.Storage;
using Syncline.Server.Sync;

namespace Syncline.Server.Tests.Sync;

/// <summary>A pull page goes to the connection a chunk at a time, whatever the size of its entries.</summary>
public sealed class PullPageWriterTests
{
    // Review finding: with entries smaller than a chunk, nothing was flushed before the end of the page,
    // so a whole page of small notes sat in the response pipe.
    [Fact]
    public async Task A_page_of_small_entries_is_flushed_before_a_chunk_and_one_entry_build_up()
    {
        var output = new FlushRecordingWriter(new Pipe(new PipeOptions(pauseWriterThreshold: 0)).Writer);
        var data = $"{{\"body\":\"{new string('x', 2_000)}\",\"ranges\":[\"1:1-1:2\"]}}";
        var snapshot = new LogSnapshot(Head: 500, Total: 500, HasMore: false, Horizon: 0, Entries(500, data));

        var pulled = await PullPageWriter.WriteAsync(output, snapshot, Keyset(), long.MaxValue, TestContext.Current.CancellationToken);

        Assert.Equal(500, pulled.Count);
        Assert.True(output.Flushes > 20, $"{output.Flushes} flushes");
        Assert.True(output.MostUnflushed <= PullPageWriter.ChunkBytes + 8 * 1024, $"{output.MostUnflushed} bytes held unflushed");
    }

    private static PullQuery Keyset() =>
        new(0, null, MetadataOnly: false, Limit: 1000, Page: 1, ByPageNumber: false, StartedFrom: 0);

    private static async IAsyncEnumerable<LogEntry> Entries(int count, string data)
    {
        for (var i = 1; i <= count; i++)
        {
            await Task.Yield();
            yield return new LogEntry(i, "CREATE", "NOTE", $"note{i:D20}", data);
        }
    }

    /// <summary>A pipe writer that counts flushes and the most bytes it held between two of them.</summary>
    private sealed class FlushRecordingWriter(PipeWriter inner) : PipeWriter
    {
        public int Flushes { get; private set; }

        public long MostUnflushed { get; private set; }

        public override void Advance(int bytes)
        {
            inner.Advance(bytes);
            MostUnflushed = Math.Max(MostUnflushed, inner.UnflushedBytes);
        }

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
        {
            Flushes++;
            return inner.FlushAsync(cancellationToken);
        }

        public override Memory<byte> GetMemory(int sizeHint = 0) => inner.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => inner.GetSpan(sizeHint);

        public override void CancelPendingFlush() => inner.CancelPendingFlush();

        public override void Complete(Exception? exception = null) => inner.Complete(exception);
    }
}
