using System.Net;
using System.Net.Sockets;
using System.Text;
using Syncline.Server.Auth;
using Syncline.Testing.Servers;

namespace Syncline.Server.Tests.Hosting;

/// <summary>What the server's console log says about requests: the real server process, its real log output.</summary>
public sealed class RequestLogTests : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "syncline-tests", Guid.NewGuid().ToString("N"));
    private const int Attempts = 20;
    private ServerProcess? _server;
    private string _token = string.Empty;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ServerProcess Server => _server!;

    public async ValueTask InitializeAsync()
    {
        _server = new ServerProcess(ServerProcess.FreePort(), $"--Syncline:DataDirectory={_dataDirectory}", "--Logging:LogLevel:Default=Information");
        await _server.StartAsync(Ct);
        _token = new LocalTokenIssuer(LocalSigningKey.Load(_dataDirectory)!, "syncline-local", "syncline", TimeProvider.System)
            .Mint("alice", "sync bookmark collection note", TimeSpan.FromHours(1));
    }

    [Fact]
    public async Task X_client_id_appears_as_its_value_in_the_log_lines_of_its_request()
    {
        var clientId = $"phone-{Guid.NewGuid():N}";

        Assert.Equal(HttpStatusCode.OK, await PullAsync(clientId));

        await Server.WaitForOutputAsync($"ClientId:{clientId}", Ct);
        Assert.DoesNotContain(Server.Output, line => line.Contains("Dictionary`2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Client_that_resets_the_connection_mid_body_leaves_no_error_in_the_log()
    {
        // Whether Kestrel flags the request aborted before the read fails is a race: many resets, at different moments, meet both orders.
        for (var i = 0; i < Attempts; i++)
        {
            await SendHalfABodyAsync(reset: true, TimeSpan.FromMilliseconds(i % 5 * 20));
        }

        await AssertNoErrorLoggedAsync();
    }

    [Fact]
    public async Task Client_that_closes_the_connection_mid_body_leaves_no_error_in_the_log()
    {
        for (var i = 0; i < Attempts; i++)
        {
            await SendHalfABodyAsync(reset: false, TimeSpan.FromMilliseconds(i % 5 * 20));
        }

        await AssertNoErrorLoggedAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    /// <summary>A push that announces 5,000 bytes, sends its first few, waits <paramref name="pause"/>, and goes away: closed, or reset (RST).</summary>
    private async Task SendHalfABodyAsync(bool reset, TimeSpan pause)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, Server.Port, Ct);
        var head = $"POST /v1/sync?lastMutationAt=0 HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {_token}\r\n"
            + "Content-Type: application/json\r\nContent-Length: 5000\r\n\r\n{\"mutations\":[{\"type\":\"CREATE\",";
        await socket.SendAsync(Encoding.ASCII.GetBytes(head), SocketFlags.None, Ct);
        await Task.Delay(pause, Ct);
        if (reset)
        {
            socket.LingerState = new LingerOption(true, 0);
        }
        else
        {
            socket.Shutdown(SocketShutdown.Send);
        }

        socket.Close();
    }

    /// <summary>
    /// A request after the aborted one, and its log line: once it is printed, anything the aborted
    /// request logged is printed too (one console queue).
    /// </summary>
    private async Task AssertNoErrorLoggedAsync()
    {
        var sentinel = $"after-{Guid.NewGuid():N}";
        await Task.Delay(300, Ct);
        Assert.Equal(HttpStatusCode.OK, await PullAsync(sentinel));
        await Server.WaitForOutputAsync($"ClientId:{sentinel}", Ct);

        var output = Server.Output;
        var printed = string.Join('\n', output);
        Assert.False(output.Any(line => line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal)), printed);
        Assert.False(output.Any(line => line.Contains("Exception", StringComparison.Ordinal)), printed);
    }

    private async Task<HttpStatusCode> PullAsync(string clientId)
    {
        using var http = new HttpClient { BaseAddress = Server.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/sync?mutationsSince=0");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _token);
        request.Headers.Add("x-client-id", clientId);
        using var response = await http.SendAsync(request, Ct);
        return response.StatusCode;
    }
}
