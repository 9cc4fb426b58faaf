using System.IO.Compression;
using System.Text;

namespace Syncline.Server.Storage;

/// <summary>
/// How a push response is kept for <c>Idempotency-Key</c> replay: Brotli over its UTF-8 bytes. The
/// response repeats the pushed data, so stored raw it doubled what a push costs; compressed, it is a
/// fraction of that, and decompressing gives back the first response byte for byte.
/// </summary>
internal static class ReplyCompression
{
    // Low quality: the compression runs inside the push transaction (on SQLite, under the one writer
    // gate), where a fast pass matters more than the last few percent of size.
    private const int Quality = 2;
    private const int Window = 22;

    public static byte[] Compress(string response)
    {
        var utf8 = Encoding.UTF8.GetBytes(response);
        var compressed = new byte[BrotliEncoder.GetMaxCompressedLength(utf8.Length)];
        if (!BrotliEncoder.TryCompress(utf8, compressed, out var written, Quality, Window))
        {
            throw new InvalidOperationException("Brotli could not compress a push response into its maximum compressed length");
        }

        return compressed[..written];
    }

    /// <summary>The stored response; rows written before replies were compressed hold the raw UTF-8 (<paramref name="compressed"/> false).</summary>
    public static string Decompress(byte[] stored, bool compressed)
    {
        if (!compressed)
        {
            return Encoding.UTF8.GetString(stored);
        }

        using var input = new MemoryStream(stored, writable: false);
        using var brotli = new BrotliStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream(stored.Length * 4);
        brotli.CopyTo(output);
        return Encoding.UTF8.GetString(output.GetBuffer(), 0, (int)output.Length);
    }
}
