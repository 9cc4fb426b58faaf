using System.Globalization;
using System.Text;

namespace Syncline.Simulation.Tests.Network;

/// <summary>
/// Reads whole HTTP/1.1 messages off a stream, byte for byte as sent (chunked framing kept), so
/// the proxy can forward, hold back or drop each one. Messages are buffered whole: the API's
/// bodies are small (1 MiB at most by default).
/// </summary>
internal sealed class HttpMessageReader(Stream stream)
{
    // Kestrel's own limit on a request head is 32 KiB.
    private const int MaxHeadBytes = 32 * 1024;
    private const long MaxBodyBytes = 64L * 1024 * 1024;
    private static readonly byte[] HeadEnd = "\r\n\r\n"u8.ToArray();
    private static readonly byte[] LineEnd = "\r\n"u8.ToArray();

    private readonly byte[] _buffer = new byte[2 * MaxHeadBytes];
    private int _start;
    private int _end;

    /// <summary>The next message's head, or null when the peer closed the connection between messages.</summary>
    public async Task<HttpHead?> ReadHeadAsync(CancellationToken cancellationToken)
    {
        var raw = await ReadThroughAsync(HeadEnd, MaxHeadBytes, cancellationToken);
        return raw is null ? null : HttpHead.Parse(raw);
    }

    /// <summary>A request's body: chunked, by Content-Length, or none.</summary>
    public Task<byte[]> ReadRequestBodyAsync(HttpHead head, CancellationToken cancellationToken) =>
        head.IsChunked ? ReadChunkedAsync(cancellationToken) : ReadExactlyAsync(head.ContentLength ?? 0, cancellationToken);

    /// <summary>
    /// A response's body: none for HEAD, 1xx, 204 and 304; chunked; by Content-Length; or, with neither,
    /// everything up to the end of the stream (ToEnd is then true: the connection is spent).
    /// </summary>
    public async Task<(byte[] Body, bool ToEnd)> ReadResponseBodyAsync(HttpHead head, string requestMethod, CancellationToken cancellationToken)
    {
        var status = head.Status;
        if (requestMethod == "HEAD" || status is (>= 100 and < 200) or 204 or 304)
        {
            return ([], false);
        }

        if (head.IsChunked)
        {
            return (await ReadChunkedAsync(cancellationToken), false);
        }

        if (head.ContentLength is { } length)
        {
            return (await ReadExactlyAsync(length, cancellationToken), false);
        }

        return (await ReadToEndAsync(cancellationToken), true);
    }

    private async Task<byte[]> ReadChunkedAsync(CancellationToken cancellationToken)
    {
        using var body = new MemoryStream();
        while (true)
        {
            var line = await ReadThroughAsync(LineEnd, MaxHeadBytes, cancellationToken) ?? throw EndOfMessage();
            body.Write(line);
            var size = Encoding.Latin1.GetString(line).Split(';')[0].Trim();
            if (!long.TryParse(size, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var length) || length < 0 || body.Length + length > MaxBodyBytes)
            {
                throw new InvalidDataException($"Bad chunk size: {size}");
            }

            if (length == 0)
            {
                // Trailer fields, if any, then the empty line that ends the message.
                while (true)
                {
                    var trailer = await ReadThroughAsync(LineEnd, MaxHeadBytes, cancellationToken) ?? throw EndOfMessage();
                    body.Write(trailer);
                    if (trailer.Length == LineEnd.Length)
                    {
                        return body.ToArray();
                    }
                }
            }

            body.Write(await ReadExactlyAsync(length + LineEnd.Length, cancellationToken));
        }
    }

    private async Task<byte[]> ReadExactlyAsync(long count, CancellationToken cancellationToken)
    {
        if (count > MaxBodyBytes)
        {
            throw new InvalidDataException($"Body of {count} bytes is over the proxy's limit.");
        }

        var result = new byte[count];
        var filled = 0;
        while (filled < count)
        {
            if (_start == _end && !await FillAsync(cancellationToken))
            {
                throw EndOfMessage();
            }

            var take = (int)Math.Min(count - filled, _end - _start);
            _buffer.AsSpan(_start, take).CopyTo(result.AsSpan(filled));
            _start += take;
            filled += take;
        }

        return result;
    }

    private async Task<byte[]> ReadToEndAsync(CancellationToken cancellationToken)
    {
        using var body = new MemoryStream();
        do
        {
            body.Write(_buffer, _start, _end - _start);
            _start = _end;
            if (body.Length > MaxBodyBytes)
            {
                throw new InvalidDataException("Body is over the proxy's limit.");
            }
        }
        while (await FillAsync(cancellationToken));

        return body.ToArray();
    }

    /// <summary>
    /// The bytes up to and including <paramref name="delimiter"/>; null if the stream ends before any byte;
    /// an error if it ends part way.
    /// </summary>
    private async Task<byte[]?> ReadThroughAsync(byte[] delimiter, int limit, CancellationToken cancellationToken)
    {
        var searched = 0;
        while (true)
        {
            var found = _buffer.AsSpan(_start + searched, _end - _start - searched).IndexOf(delimiter);
            if (found >= 0)
            {
                var length = searched + found + delimiter.Length;
                var line = _buffer.AsSpan(_start, length).ToArray();
                _start += length;
                return line;
            }

            // Bytes already searched cannot start a match, except for a delimiter split across reads.
            searched = Math.Max(0, _end - _start - (delimiter.Length - 1));
            if (_end - _start >= limit)
            {
                throw new InvalidDataException($"No end of line or head within {limit} bytes.");
            }

            if (!await FillAsync(cancellationToken))
            {
                return _start == _end ? null : throw EndOfMessage();
            }
        }
    }

    /// <summary>Reads more bytes into the buffer, compacting or growing it; false at the end of the stream.</summary>
    private async Task<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            throw new InvalidDataException("Line longer than the proxy's buffer.");
        }

        var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
        _end += read;
        return read > 0;
    }

    private static IOException EndOfMessage() => new("The connection ended in the middle of an HTTP message.");
}
