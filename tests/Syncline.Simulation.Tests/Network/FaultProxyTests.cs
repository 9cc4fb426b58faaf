using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Syncline.Server.Tests.Support;
using Syncline.Testing.Servers;

namespace Syncline.Simulation.Tests.Network;

/// <summary>
/// The fault proxy between a real client (HttpClient) and the real server: each fault does to a
/// request what it says, and nothing else; one seed gives one schedule.
/// </summary>
public sealed class FaultProxyTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static readonly byte[] HealthRequest = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"u8.ToArray();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private SyncServer Server => fixture.Server;

    [Fact]
    public async Task A_healthy_proxy_passes_pulls_and_pushes_unchanged_on_one_connection()
    {
        await using var proxy = FaultProxy.Start(Server.BaseAddress, 1, FaultRates.None);
        using var api = Through(proxy, "healthy");
        using var direct = Server.Api("healthy");

        var first = await api.PushAsync(0, Mutations.Bookmark(2, 255));
        var second = await api.PushAsync(first.Head, Mutations.Collection("Reading"));
        var viaProxy = await api.PullAsync();

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(HttpStatusCode.OK, second.Status);
        var viaServer = await direct.PullAsync();
        Assert.Equal(viaServer.Text, viaProxy.Text);
        Assert.Equal(viaServer.MutationAtHeader, viaProxy.MutationAtHeader);
        Assert.Equal([Fault.Pass, Fault.Pass, Fault.Pass], proxy.History);
        Assert.Equal(1, proxy.AcceptedConnections);
    }

    [Fact]
    public async Task A_dropped_response_fails_the_client_after_the_server_applied_the_push()
    {
        await using var proxy = FaultProxy.Start(Server.BaseAddress, 1, new FaultRates(DropResponse: 1));
        using var api = Through(proxy, "drop-response");

        await Assert.ThrowsAsync<HttpRequestException>(() => api.PushAsync(0, Mutations.Bookmark(2, 255)));

        using var direct = Server.Api("drop-response");
        Assert.Contains(await direct.PullAllAsync(), e => e["resource"]!.GetValue<string>() == "BOOKMARK");
        Assert.Equal([Fault.DropResponse], proxy.History);
    }

    [Fact]
    public async Task A_dropped_request_fails_the_client_and_never_reaches_the_server()
    {
        await using var proxy = FaultProxy.Start(Server.BaseAddress, 1, new FaultRates(DropRequest: 1));
        using var api = Through(proxy, "drop-request");

        await Assert.ThrowsAsync<HttpRequestException>(() => api.PushAsync(0, Mutations.Bookmark(2, 255)));

        using var direct = Server.Api("drop-request");
        Assert.Equal(0, await direct.HeadAsync());
        Assert.Equal([Fault.DropRequest], proxy.History);
    }

    [Fact]
    public async Task Service_unavailable_answers_503_in_the_servers_error_shape_without_reaching_the_server()
    {
        await using var proxy = FaultProxy.Start(Server.BaseAddress, 1, new FaultRates(ServiceUnavailable: 1));
        using var api = Through(proxy, "unavailable");

        var reply = await api.PushAsync(0, Mutations.Bookmark(2, 255));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, reply.Status);
        Assert.False(reply.Body!["success"]!.GetValue<bool>());
        Assert.Equal("service_unavailable", reply.Body["type"]!.GetValue<string>());
        Assert.Equal("ServiceUnavailable", reply.Error["code"]!.GetValue<string>());
        Assert.Equal(reply.ErrorMessage, reply.Error["message"]!.GetValue<string>());
        using var direct = Server.Api("unavailable");
        Assert.Equal(0, await direct.HeadAsync());
    }

    [Fact]
    public async Task A_503_keeps_the_connection_open_for_the_next_request()
    {
        await using var proxy = FaultProxy.Start(Server.BaseAddress, 1, new FaultRates(ServiceUnavailable: 1));
        using var api = Through(proxy, "unavailable-keep-alive");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await api.PullAsync()).Status);
        proxy.Rates = FaultRates.None;
        Assert.Equal(HttpStatusCode.OK, (await api.PullAsync()).Status);

        Assert.Equal(1, proxy.AcceptedConnections);
    }

    [Fact]
    public async Task A_reset_fails_the_client_and_never_reaches_the_server()
    {
        await using var proxy = FaultProxy.Start(Server.BaseAddress, 1, new FaultRates(Reset: 1));
        using var api = Through(proxy, "reset");

        await Assert.ThrowsAsync<HttpRequestException>(() => api.PushAsync(0, Mutations.Bookmark(2, 255)));

        using var direct = Server.Api("reset");
        Assert.Equal(0, await direct.HeadAsync());
        Assert.Equal([Fault.Reset], proxy.History);
    }

    [Fact]
    public async Task Delayed_requests_still_succeed()
    {
        await using var proxy = FaultProxy.Start(Server.BaseAddress, 1, new FaultRates(Delay: 1) { MaxDelay = TimeSpan.FromMilliseconds(20) });
        using var api = Through(proxy, "delay");

        var push = await api.PushAsync(0, Mutations.Bookmark(2, 255));
        var pull = await api.PullAsync();

        Assert.Equal(HttpStatusCode.OK, push.Status);
        Assert.Contains(pull.Mutations, e => e["resource"]!.GetValue<string>() == "BOOKMARK");
        Assert.Equal([Fault.Delay, Fault.Delay], proxy.History);
    }

    [Fact]
    public async Task Offline_refuses_every_request_until_restored()
    {
        await using var proxy = FaultProxy.Start(Server.BaseAddress, 1, FaultRates.None);
        using var api = Through(proxy, "offline");
        Assert.Equal(HttpStatusCode.OK, (await api.PullAsync()).Status);

        proxy.Offline = true;
        await Assert.ThrowsAsync<HttpRequestException>(() => api.PushAsync(0, Mutations.Bookmark(2, 255)));
        Assert.Equal(1, proxy.OfflineRefusals);

        proxy.Offline = false;
        Assert.Equal(HttpStatusCode.OK, (await api.PullAsync()).Status);
        using var direct = Server.Api("offline");
        Assert.Equal(0, await direct.HeadAsync());
    }

    [Fact]
    public async Task Going_offline_cuts_an_open_keep_alive_connection()
    {
        await using var proxy = FaultProxy.Start(Server.BaseAddress, 1, FaultRates.None);
        using var tcp = await ConnectAsync(proxy);
        var stream = tcp.GetStream();
        Assert.Equal(200, await ExchangeAsync(stream, new HttpMessageReader(stream)));

        proxy.Offline = true;

        await Assert.ThrowsAsync<IOException>(() => ReadOrTimeOutAsync(stream));
        Assert.Equal(0, proxy.OfflineRefusals);
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_schedule_of_faults()
    {
        var token = Server.Token("schedule");

        var first = await ScheduleAsync(Server.BaseAddress, token, seed: 7);
        var again = await ScheduleAsync(Server.BaseAddress, token, seed: 7);
        var other = await ScheduleAsync(Server.BaseAddress, token, seed: 8);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        // A schedule of only passes would prove nothing.
        Assert.True(first.Distinct().Count() >= 4, string.Join(", ", first));
    }

    [Fact]
    public async Task A_server_that_is_down_fails_the_client_and_the_proxy_works_again_once_it_is_back()
    {
        await using var proxy = FaultProxy.Start(new Uri($"http://127.0.0.1:{ServerProcess.FreePort()}"), 1, FaultRates.None);
        using var api = Through(proxy, "upstream-down");

        await Assert.ThrowsAsync<HttpRequestException>(() => api.PullAsync());
        proxy.Upstream = Server.BaseAddress;

        Assert.Equal(HttpStatusCode.OK, (await api.PullAsync()).Status);
    }

    [Fact]
    public async Task An_upstream_connection_the_server_closed_while_idle_is_replaced_for_the_next_request()
    {
        // A server that answers once per connection and then closes it without saying so, as an
        // idle timeout or a restart does between two requests.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var closed = new TaskCompletionSource();
        var upstream = AnswerOnceThenCloseAsync(listener, connections: 2, closed);
        await using var proxy = FaultProxy.Start(new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}"), 1, FaultRates.None);
        using var tcp = await ConnectAsync(proxy);
        var stream = tcp.GetStream();
        var reader = new HttpMessageReader(stream);

        Assert.Equal(200, await ExchangeAsync(stream, reader));
        await closed.Task.WaitAsync(Ct);
        Assert.Equal(200, await ExchangeAsync(stream, reader));

        Assert.Equal(1, proxy.AcceptedConnections);
        await upstream.WaitAsync(Ct);
    }

    [Fact]
    public async Task A_chunked_request_body_passes_through()
    {
        await using var proxy = FaultProxy.Start(Server.BaseAddress, 1, FaultRates.None);
        using var api = Through(proxy, "chunked");
        using var request = PushRequest(Mutations.Bookmark(2, 255));
        request.Headers.TransferEncodingChunked = true;

        using var response = await api.Http.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var direct = Server.Api("chunked");
        Assert.Contains(await direct.PullAllAsync(), e => e["resource"]!.GetValue<string>() == "BOOKMARK");
    }

    [Fact]
    public async Task A_request_that_expects_100_continue_passes_through()
    {
        await using var proxy = FaultProxy.Start(Server.BaseAddress, 1, FaultRates.None);
        // The client waits for 100 Continue longer than it waits for the response, so the request
        // only passes if the proxy sends 100 Continue rather than wait for a body that is not coming.
        using var http = new HttpClient(new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromSeconds(30) })
        {
            BaseAddress = proxy.BaseAddress,
            Timeout = TimeSpan.FromSeconds(10),
        };
        using var request = PushRequest(Mutations.Bookmark(2, 255));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Server.Token("continue"));
        request.Headers.ExpectContinue = true;

        using var response = await http.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var direct = Server.Api("continue");
        Assert.Contains(await direct.PullAllAsync(), e => e["resource"]!.GetValue<string>() == "BOOKMARK");
    }

    [Fact]
    public async Task A_malformed_request_ends_only_its_own_connection()
    {
        await using var proxy = FaultProxy.Start(Server.BaseAddress, 1, FaultRates.None);
        using (var tcp = await ConnectAsync(proxy))
        {
            var stream = tcp.GetStream();
            await stream.WriteAsync("POST /v1/sync HTTP/1.1\r\nContent-Length: many\r\n\r\n"u8.ToArray(), Ct);
            await Assert.ThrowsAsync<IOException>(() => ReadOrTimeOutAsync(stream));
        }

        using var api = Through(proxy, "malformed");
        Assert.Equal(HttpStatusCode.OK, (await api.PullAsync()).Status);
    }

    [Fact]
    public async Task Disposing_the_proxy_cuts_its_connections_and_stops_listening()
    {
        var proxy = FaultProxy.Start(Server.BaseAddress, 1, FaultRates.None);
        using var tcp = await ConnectAsync(proxy);
        var stream = tcp.GetStream();
        Assert.Equal(200, await ExchangeAsync(stream, new HttpMessageReader(stream)));

        await proxy.DisposeAsync();

        await Assert.ThrowsAsync<IOException>(() => ReadOrTimeOutAsync(stream));
        using var late = new TcpClient();
        await Assert.ThrowsAsync<SocketException>(() => late.ConnectAsync(IPAddress.Loopback, proxy.BaseAddress.Port, Ct).AsTask());
    }

    [Fact]
    public void Rates_that_add_up_to_more_than_one_are_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => FaultProxy.Start(Server.BaseAddress, 1, new FaultRates(DropRequest: 0.6, Reset: 0.6)));

    /// <summary>
    /// A client of <paramref name="user"/> through the proxy. Its short timeout turns a proxy that
    /// hangs into a failed test (TaskCanceledException, not the HttpRequestException of a fast failure).
    /// </summary>
    private SyncApi Through(FaultProxy proxy, string user)
    {
        var api = new SyncApi(proxy.BaseAddress, Server.Token(user));
        api.Http.Timeout = TimeSpan.FromSeconds(10);
        return api;
    }

    private static HttpRequestMessage PushRequest(JsonObject mutation) => new(HttpMethod.Post, "/v1/sync?lastMutationAt=0")
    {
        Content = new StringContent(new JsonObject { ["mutations"] = new JsonArray(mutation) }.ToJsonString(), Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
    };

    /// <summary>The faults a proxy with <paramref name="seed"/> draws for 30 pulls, each retried by nobody but HttpClient itself.</summary>
    private static async Task<IReadOnlyList<Fault>> ScheduleAsync(Uri server, string token, int seed)
    {
        var rates = new FaultRates(Delay: 0.2, DropRequest: 0.1, DropResponse: 0.1, ServiceUnavailable: 0.1, Reset: 0.1) { MaxDelay = TimeSpan.FromMilliseconds(5) };
        await using var proxy = FaultProxy.Start(server, seed, rates);
        using var api = new SyncApi(proxy.BaseAddress, token);
        for (var i = 0; i < 30; i++)
        {
            try
            {
                await api.PullAsync();
            }
            catch (HttpRequestException)
            {
                // The fault did its job.
            }
        }

        return proxy.History;
    }

    private static async Task<TcpClient> ConnectAsync(FaultProxy proxy)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, proxy.BaseAddress.Port, Ct);
        return tcp;
    }

    /// <summary>One GET /health on a raw connection; the response's status.</summary>
    private static async Task<int> ExchangeAsync(NetworkStream stream, HttpMessageReader reader)
    {
        await stream.WriteAsync(HealthRequest, Ct);
        var head = await reader.ReadHeadAsync(Ct) ?? throw new IOException("No response.");
        await reader.ReadResponseBodyAsync(head, "GET", Ct);
        return head.Status;
    }

    /// <summary>Waits for the connection to be cut; a proxy that leaves it open fails the test by the timeout instead of hanging it.</summary>
    private static async Task ReadOrTimeOutAsync(NetworkStream stream)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        var read = await stream.ReadAsync(new byte[1024], timeout.Token);
        Assert.Fail($"Expected a reset connection, read {read} bytes.");
    }

    /// <summary>Answers <paramref name="connections"/> connections one request each, closing each right after the response.</summary>
    private static async Task AnswerOnceThenCloseAsync(TcpListener listener, int connections, TaskCompletionSource closed)
    {
        for (var i = 0; i < connections; i++)
        {
            using (var socket = await listener.AcceptSocketAsync(Ct))
            using (var stream = new NetworkStream(socket))
            {
                await new HttpMessageReader(stream).ReadHeadAsync(Ct);
                await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"u8.ToArray(), Ct);
            }

            closed.TrySetResult();
        }
    }
}
