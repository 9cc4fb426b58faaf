using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Syncline.Protocol;

namespace Syncline.Simulation.Tests.Network;

/// <summary>
/// A bad network between clients and the server: a real TCP proxy on 127.0.0.1 that reads each
/// HTTP/1.1 request (also on keep-alive connections) and, by a seeded random schedule, passes it,
/// delays it, drops it, drops its response after the server processed it, answers 503, or resets
/// the connection. It can also cut every device off (<see cref="Offline"/>) and let them back.
/// </summary>
/// <remarks>
/// One seed gives one schedule: faults are drawn in the order requests arrive at the proxy. Each
/// client connection gets its own upstream connection. Messages are buffered whole before they are
/// relayed. <c>Expect: 100-continue</c> is answered by the proxy itself (it reads the body before
/// forwarding); protocol upgrades and HTTP/1.0 keep-alive are not supported.
/// </remarks>
public sealed class FaultProxy : IAsyncDisposable
{
    private const string UnavailableMessage = "The service is unavailable, please try again later.";

    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<ProxyConnection, byte> _connections = new();
    private readonly ConcurrentQueue<Exception> _failures = new();
    private readonly Lock _drawLock = new();
    private readonly Random _random;
    private readonly List<Fault> _history = [];
    private readonly int[] _counts = new int[Enum.GetValues<Fault>().Length];
    private readonly Task _accepting;
    private volatile Uri _upstream;
    private volatile FaultRates _rates;
    private volatile bool _offline;
    private int _offlineRefusals;
    private int _acceptedConnections;
    private int _disposed;

    private FaultProxy(Uri upstream, int seed, FaultRates rates)
    {
        rates.Validate();
        _upstream = upstream;
        _rates = rates;
        _random = new Random(seed);
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        BaseAddress = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");
        _accepting = AcceptAsync(_stopping.Token);
    }

    /// <summary>The proxy's answer to a <see cref="Fault.ServiceUnavailable"/> request: a 503 in the server's error shape (PROTOCOL.md section 5).</summary>
    internal static byte[] ServiceUnavailableResponse { get; } = BuildServiceUnavailable();

    /// <summary>Where clients connect instead of the server: <c>http://127.0.0.1:&lt;port&gt;</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The server; new upstream connections go to whatever it is at the time.</summary>
    public Uri Upstream
    {
        get => _upstream;
        set => _upstream = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>The fault rates for the requests from now on; <see cref="FaultRates.None"/> is a healthy network.</summary>
    public FaultRates Rates
    {
        get => _rates;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            value.Validate();
            _rates = value;
        }
    }

    /// <summary>
    /// True cuts every open connection at once and resets every new one as soon as it is accepted
    /// (so clients fail fast rather than time out), until set back to false.
    /// </summary>
    public bool Offline
    {
        get => _offline;
        set
        {
            // The flag first: a connection registered after this loop's snapshot sees it before its next request.
            _offline = value;
            if (value)
            {
                foreach (var connection in _connections.Keys)
                {
                    connection.Abort();
                }
            }
        }
    }

    /// <summary>How many requests got each fault so far, <see cref="Fault.Pass"/> included; a copy.</summary>
    public IReadOnlyDictionary<Fault, int> Counts
    {
        get
        {
            lock (_drawLock)
            {
                return Enum.GetValues<Fault>().ToDictionary(f => f, f => _counts[(int)f]);
            }
        }
    }

    /// <summary>The fault of every request so far, in the order drawn; a copy.</summary>
    public IReadOnlyList<Fault> History
    {
        get
        {
            lock (_drawLock)
            {
                return [.. _history];
            }
        }
    }

    /// <summary>Connections reset on arrival because the proxy was offline.</summary>
    public int OfflineRefusals => Volatile.Read(ref _offlineRefusals);

    /// <summary>Client connections accepted and served (not those refused while offline).</summary>
    public int AcceptedConnections => Volatile.Read(ref _acceptedConnections);

    /// <summary>Starts a proxy to <paramref name="upstream"/> on a free port of 127.0.0.1.</summary>
    public static FaultProxy Start(Uri upstream, int seed, FaultRates rates)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        ArgumentNullException.ThrowIfNull(rates);
        return new FaultProxy(upstream, seed, rates);
    }

    /// <summary>
    /// Stops listening and cuts every connection. A failure of the proxy itself (not of a peer or
    /// the network) is thrown here, so a bug in the proxy cannot pass for a network fault.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync();
        _listener.Stop();
        await _accepting;
        var open = _connections.Keys.ToList();
        open.ForEach(c => c.Abort());
        await Task.WhenAll(open.Select(c => c.Done));
        _stopping.Dispose();
        if (!_failures.IsEmpty)
        {
            throw new AggregateException("The fault proxy failed.", _failures);
        }
    }

    /// <summary>The next request's fault, and its delay for <see cref="Fault.Delay"/>.</summary>
    internal (Fault Fault, TimeSpan Delay) Draw()
    {
        lock (_drawLock)
        {
            var rates = _rates;
            var fault = rates.Pick(_random.NextDouble());
            var delay = fault == Fault.Delay ? rates.MaxDelay * _random.NextDouble() : TimeSpan.Zero;
            _history.Add(fault);
            _counts[(int)fault]++;
            return (fault, delay);
        }
    }

    /// <summary>Closes with RST rather than FIN, so the peer sees "connection reset" at once.</summary>
    internal static void Reset(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already closed: nothing left to reset.
        }

        socket.Dispose();
    }

    private async Task AcceptAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(cancellationToken);
            }
            catch (Exception e) when (cancellationToken.IsCancellationRequested && e is OperationCanceledException or ObjectDisposedException or SocketException or InvalidOperationException)
            {
                // Stopped, whether mid-accept or between two (InvalidOperationException: "Not listening").
                return;
            }
            catch (SocketException)
            {
                // A connection that failed in the backlog; keep listening.
                continue;
            }

            if (_offline)
            {
                Interlocked.Increment(ref _offlineRefusals);
                Reset(socket);
                continue;
            }

            Interlocked.Increment(ref _acceptedConnections);
            socket.NoDelay = true;
            var connection = new ProxyConnection(this, socket);
            _connections.TryAdd(connection, 0);
            _ = ServeAsync(connection, cancellationToken);
        }
    }

    private async Task ServeAsync(ProxyConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            await connection.RunAsync(cancellationToken);
        }
        catch (Exception e)
        {
            // Network failures are handled inside; anything else is a bug of the proxy, kept for DisposeAsync to throw.
            _failures.Enqueue(e);
            connection.Abort();
        }
        finally
        {
            _connections.TryRemove(connection, out _);
            connection.MarkDone();
        }
    }

    private static byte[] BuildServiceUnavailable()
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(
            new ErrorResponse(false, "service_unavailable", UnavailableMessage, new ErrorDetail("ServiceUnavailable", UnavailableMessage)),
            SynclineJsonContext.Default.ErrorResponse);
        var head = Encoding.ASCII.GetBytes(
            $"HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {body.Length}\r\n\r\n");
        return [.. head, .. body];
    }
}
