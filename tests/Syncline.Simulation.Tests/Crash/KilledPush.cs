using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Syncline.Testing.Servers;

namespace Syncline.Simulation.Tests.Crash;

/// <summary>Where a kill landed, as far as the client and the restarted server can tell.</summary>
internal enum KillLanding
{
    /// <summary>The request body had not been handed to the socket: the server cannot have seen the push.</summary>
    BeforeSent,

    /// <summary>The server had the request, the kill came before its commit: nothing applied.</summary>
    MidRequestNotApplied,

    /// <summary>The server had committed the batch, the kill came before its reply reached the client.</summary>
    MidRequestAppliedReplyLost,

    /// <summary>The client had the whole reply before the kill.</summary>
    AfterReply,
}

/// <summary>
/// One push sent on its own HTTP request, whose body says when it has been handed to the socket,
/// so a test can tell a kill that came before the server could see the push from one that came after.
/// </summary>
internal sealed class KilledPush
{
    private readonly SentSignallingContent _content;
    private readonly Task<SyncReply> _send;

    private KilledPush(SyncApi api, CrashBatch batch, long lastMutationAt, CancellationToken ct)
    {
        _content = new SentSignallingContent(Encoding.UTF8.GetBytes(batch.Body));
        _send = SendAsync(api, batch.IdempotencyKey, lastMutationAt, ct);
    }

    public bool WasSent => _content.Sent;

    public static KilledPush Start(SyncApi api, CrashBatch batch, long lastMutationAt, CancellationToken ct) => new(api, batch, lastMutationAt, ct);

    /// <summary>The reply, when the whole of it arrived; null when the kill cut the exchange.</summary>
    public async Task<SyncReply?> ReplyAsync()
    {
        try
        {
            // A killed server closes its sockets at once; the bound only keeps a hung exchange from hanging the test.
            return await _send.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Waits <paramref name="delay"/> from now, spinning below a few milliseconds, where a timer is too coarse.</summary>
    public static async Task WaitAsync(TimeSpan delay)
    {
        if (delay > TimeSpan.FromMilliseconds(3))
        {
            await Task.Delay(delay);
            return;
        }

        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < delay)
        {
            Thread.SpinWait(20);
        }
    }

    private async Task<SyncReply> SendAsync(SyncApi api, string idempotencyKey, long lastMutationAt, CancellationToken ct)
    {
        // Leave the caller at once, so the kill's clock starts when the push does.
        await Task.Yield();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/sync?lastMutationAt={lastMutationAt}") { Content = _content };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        using var response = await api.Http.SendAsync(request, ct);
        return await SyncReply.ReadAsync(response, ct);
    }

    /// <summary>A JSON body that records when it has been written and flushed to the connection.</summary>
    private sealed class SentSignallingContent : HttpContent
    {
        private readonly byte[] _bytes;
        private volatile bool _sent;

        public SentSignallingContent(byte[] bytes)
        {
            _bytes = bytes;
            Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        }

        public bool Sent => _sent;

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            await stream.WriteAsync(_bytes, cancellationToken);
            await stream.FlushAsync(cancellationToken);
            _sent = true;
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _bytes.Length;
            return true;
        }
    }
}
