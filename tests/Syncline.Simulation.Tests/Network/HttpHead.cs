using System.Globalization;
using System.Text;

namespace Syncline.Simulation.Tests.Network;

/// <summary>
/// The head of one HTTP/1.1 message (start line and headers), parsed only as far as the proxy needs
/// to find where the message ends; the raw bytes are what gets forwarded.
/// </summary>
internal sealed class HttpHead
{
    private readonly List<(string Name, string Value)> _headers;

    private HttpHead(byte[] raw, string[] startLine, List<(string Name, string Value)> headers)
    {
        Raw = raw;
        StartLine = startLine;
        _headers = headers;
    }

    /// <summary>The head as received, CRLFCRLF included.</summary>
    public byte[] Raw { get; }

    /// <summary>The start line split on spaces: method, target, version; or version, status, reason.</summary>
    public IReadOnlyList<string> StartLine { get; }

    public string Method => StartLine[0];

    public int Status =>
        StartLine.Count > 1 && int.TryParse(StartLine[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status)
            ? status
            : throw new InvalidDataException($"Not a status line: {string.Join(' ', StartLine)}");

    /// <summary>Transfer-Encoding wins over Content-Length (RFC 9112, 6.3).</summary>
    public bool IsChunked => Values("Transfer-Encoding").LastOrDefault()?.Split(',').Last().Trim().Equals("chunked", StringComparison.OrdinalIgnoreCase) ?? false;

    public long? ContentLength
    {
        get
        {
            var value = Values("Content-Length").LastOrDefault();
            if (value is null)
            {
                return null;
            }

            return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var length)
                ? length
                : throw new InvalidDataException($"Bad Content-Length: {value}");
        }
    }

    /// <summary>The sender will close the connection after this message (HTTP/1.0 keep-alive is not honoured, for simplicity).</summary>
    public bool ConnectionClose => HasToken("Connection", "close") || StartLine[0] == "HTTP/1.0" || StartLine[^1] == "HTTP/1.0";

    public bool ExpectsContinue => HasToken("Expect", "100-continue");

    public static HttpHead Parse(byte[] raw)
    {
        var lines = Encoding.Latin1.GetString(raw).Split("\r\n");
        var startLine = lines[0].Split(' ', 3);
        if (startLine.Length < 2)
        {
            throw new InvalidDataException($"Not an HTTP start line: {lines[0]}");
        }

        var headers = new List<(string, string)>();
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new InvalidDataException($"Not an HTTP header: {line}");
            }

            headers.Add((line[..colon].Trim(), line[(colon + 1)..].Trim()));
        }

        return new HttpHead(raw, startLine, headers);
    }

    private IEnumerable<string> Values(string name) =>
        _headers.Where(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value);

    private bool HasToken(string name, string token) =>
        Values(name).SelectMany(v => v.Split(',')).Any(t => t.Trim().Equals(token, StringComparison.OrdinalIgnoreCase));
}
