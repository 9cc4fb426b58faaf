using System.Net.Sockets;

namespace Syncline.Simulation.Tests.Network;

/// <summary>
/// One client connection through the <see cref="FaultProxy"/>: reads the client's requests one by
/// one, draws a fault for each, and relays it over this connection's own upstream connection
/// (opened on first use, reopened when the server closed it while idle).
/// </summary>
internal sealed class ProxyConnection(FaultProxy proxy, Socket client)
{
    private static readonly byte[] Continue = "HTTP/1.1 100 Continue\r\n\r\n"u8.ToArray();

    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile Socket? _upstream;
    private NetworkStream? _upstreamStream;
    private HttpMessageReader? _upstreamReader;
    private Uri? _upstreamTarget;

    /// <summary>Completes when the connection has ended and released its sockets; never faults.</summary>
    public Task Done => _done.Task;

    /// <summary>Cuts the connection now: RST to the client, the upstream dropped. Safe from any thread, any number of times.</summary>
    public void Abort()
    {
        FaultProxy.Reset(client);
        _upstream?.Dispose();
    }

    /// <summary>Serves requests until the client leaves, a fault ends the connection, or either side fails.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var clientStream = new NetworkStream(client, ownsSocket: false);
            var requests = new HttpMessageReader(clientStream);
            while (await ServeAsync(clientStream, requests, cancellationToken))
            {
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidDataException)
        {
            // A broken or refused peer, a malformed message, the proxy going offline or stopping:
            // this connection ends, abruptly, so its client sees a connection error; nothing else is affected.
            Abort();
        }
        finally
        {
            client.Dispose();
            DropUpstream();
        }
    }

    public void MarkDone() => _done.TrySetResult();

    /// <summary>One request; false when the connection is over.</summary>
    private async Task<bool> ServeAsync(NetworkStream clientStream, HttpMessageReader requests, CancellationToken cancellationToken)
    {
        var request = await requests.ReadHeadAsync(cancellationToken);
        if (request is null)
        {
            Close();
            return false;
        }

        if (proxy.Offline)
        {
            // Went offline between the cut and this request.
            Abort();
            return false;
        }

        var (fault, delay) = proxy.Draw();
        if (fault == Fault.Reset)
        {
            Abort();
            return false;
        }

        if (request.ExpectsContinue)
        {
            // The whole body is read before anything is forwarded, so the proxy invites it itself;
            // the server's own 100 Continue is then skipped (see ForwardAsync).
            await clientStream.WriteAsync(Continue, cancellationToken);
        }

        var body = await requests.ReadRequestBodyAsync(request, cancellationToken);
        switch (fault)
        {
            case Fault.DropRequest:
                Abort();
                return false;
            case Fault.ServiceUnavailable:
                await clientStream.WriteAsync(FaultProxy.ServiceUnavailableResponse, cancellationToken);
                return KeepOpenAfter(request.ConnectionClose);
            case Fault.Delay:
                await Task.Delay(delay, cancellationToken);
                break;
        }

        var (response, upstreamCloses) = await ForwardAsync(request, body, cancellationToken);
        if (fault == Fault.DropResponse)
        {
            // The server has done the work and answered; the client never hears of it.
            Abort();
            return false;
        }

        await clientStream.WriteAsync(response, cancellationToken);
        return KeepOpenAfter(request.ConnectionClose || upstreamCloses);
    }

    /// <summary>Sends the request upstream and reads the whole final response: the bytes to relay, and whether the upstream connection is spent.</summary>
    private async Task<(byte[] Response, bool UpstreamCloses)> ForwardAsync(HttpHead request, byte[] body, CancellationToken cancellationToken)
    {
        var upstream = await UpstreamAsync(cancellationToken);
        await upstream.Stream.WriteAsync(Concat(request.Raw, body), cancellationToken);
        HttpHead response;
        do
        {
            response = await upstream.Reader.ReadHeadAsync(cancellationToken)
                ?? throw new IOException("The server closed the connection without answering.");
            if (response.Status == 101)
            {
                throw new InvalidDataException("The proxy does not support protocol upgrades.");
            }
        }
        while (response.Status is >= 100 and < 200);

        var (responseBody, toEnd) = await upstream.Reader.ReadResponseBodyAsync(response, request.Method, cancellationToken);
        var closes = toEnd || response.ConnectionClose;
        if (closes)
        {
            DropUpstream();
        }

        return (Concat(response.Raw, responseBody), closes);
    }

    private async Task<(NetworkStream Stream, HttpMessageReader Reader)> UpstreamAsync(CancellationToken cancellationToken)
    {
        // Between requests the server sends nothing, so a readable socket here means it closed
        // (idle timeout, restart, kill): start afresh rather than fail the request on a dead socket.
        // A changed Upstream likewise takes effect from the next request.
        var target = proxy.Upstream;
        if (_upstream is { } idle && (idle.Poll(0, SelectMode.SelectRead) || target != _upstreamTarget))
        {
            DropUpstream();
        }

        if (_upstream is null)
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                // A refused connect (server down) throws, and the client's connection is then reset.
                await socket.ConnectAsync(target.Host, target.Port, cancellationToken);
            }
            catch
            {
                socket.Dispose();
                throw;
            }

            _upstream = socket;
            _upstreamTarget = target;
            _upstreamStream = new NetworkStream(socket, ownsSocket: true);
            _upstreamReader = new HttpMessageReader(_upstreamStream);
        }

        return (_upstreamStream!, _upstreamReader!);
    }

    private void DropUpstream()
    {
        _upstreamStream?.Dispose();
        _upstream?.Dispose();
        _upstream = null;
        _upstreamStream = null;
        _upstreamReader = null;
    }

    /// <summary>After a complete exchange: keep the connection for the next request, or close it gracefully (FIN).</summary>
    private bool KeepOpenAfter(bool close)
    {
        if (close)
        {
            Close();
        }

        return !close;
    }

    private void Close()
    {
        try
        {
            client.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Already gone.
        }

        client.Dispose();
    }

    private static byte[] Concat(byte[] head, byte[] body) => [.. head, .. body];
}
