using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Npgsql;
using Syncline.Server.Auth;
using Syncline.Server.Tests.Support;
using Syncline.Testing.Postgres;
using Syncline.Testing.Servers;

namespace Syncline.Server.Tests.MultiInstance;

/// <summary>
/// Three real server processes on one PostgreSQL database, driven by concurrent clients through
/// all three, with one instance killed (SIGKILL) and restarted mid-run. Then the invariants.
/// </summary>
public sealed class MultiInstanceTests
{
    private const int PushesPerClient = 12;
    private const int ItemsPerPush = 3;

    public MultiInstanceTests() => TestPostgres.RequireOrSkip();

    [Fact]
    public async Task Three_instances_on_one_database_keep_every_invariant_through_a_killed_instance()
    {
        var ct = TestContext.Current.CancellationToken;
        var connectionString = await TestPostgres.CreateDatabaseAsync(ct);
        var dataDirectory = Path.Combine(Path.GetTempPath(), "syncline-tests", Guid.NewGuid().ToString("N"));
        string[] settings =
        [
            "--Syncline:Store=Postgres",
            $"--ConnectionStrings:Syncline={connectionString}",
            $"--Syncline:DataDirectory={dataDirectory}",
            "--Syncline:RateLimit:PermitsPerSecond=0",
            "--Logging:LogLevel:Default=Warning",
        ];
        var servers = Enumerable.Range(0, 3).Select(_ => new ServerProcess(ServerProcess.FreePort(), settings)).ToArray();
        try
        {
            // Started together: the migrations' advisory lock makes them take turns.
            await Task.WhenAll(servers.Select(s => s.StartAsync(ct)));
            var tokens = new LocalTokenIssuer(LocalSigningKey.LoadOrCreate(dataDirectory), "syncline-local", "syncline", TimeProvider.System);
            var shared = $"shared-{Guid.NewGuid():N}";
            var clients = Enumerable.Range(0, 16)
                .Select(i => new Client(i, i < 8 ? shared : $"solo-{i}-{Guid.NewGuid():N}", servers, tokens))
                .ToList();

            var run = Task.WhenAll(clients.Select(c => c.RunAsync(PushesPerClient, ct)));
            await WaitUntilAsync(() => clients.Sum(c => c.Acknowledged.Count) >= clients.Count * PushesPerClient * ItemsPerPush / 3, run, ct);
            Assert.False(run.IsCompleted, "the instance must die mid-run");
            await servers[1].KillAsync();
            await Task.Delay(300, ct);
            await servers[1].StartAsync(ct);
            await run;

            Assert.Empty(clients.SelectMany(c => c.ServerErrors));
            Assert.True(clients.Sum(c => c.RequestsToDeadInstance) > 0, "some requests should have met the dead instance");
            foreach (var user in clients.GroupBy(c => c.UserId))
            {
                await CheckInvariantsAsync(user.Key, [.. user], servers, tokens, connectionString, ct);
            }
        }
        finally
        {
            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }

            await TestPostgres.DropDatabaseAsync(connectionString);
        }
    }

    private static async Task CheckInvariantsAsync(
        string userId, List<Client> clients, ServerProcess[] servers, LocalTokenIssuer tokens, string connectionString, CancellationToken ct)
    {
        // A keyset pull from 0 through any of the three instances returns the same entries.
        var pulls = new List<List<JsonObject>>();
        foreach (var server in servers)
        {
            pulls.Add(await Client.PullAllAsync(server, tokens.Mint(userId, SyncServer.AllScopes, TimeSpan.FromHours(1)), ct));
        }

        var log = pulls[0];
        Assert.All(pulls, p => Assert.Equal(log.Select(e => e.ToJsonString()), p.Select(e => e.ToJsonString())));

        // Timestamps strictly increasing, no duplicates.
        var timestamps = log.Select(e => e["timestamp"]!.GetValue<long>()).ToList();
        Assert.Equal(timestamps.Distinct().Order(), timestamps);

        // Every acknowledged mutation is in the log exactly once, as acknowledged.
        var byTimestamp = log.ToDictionary(e => e["timestamp"]!.GetValue<long>());
        foreach (var ack in clients.SelectMany(c => c.Acknowledged))
        {
            var entry = byTimestamp[ack["timestamp"]!.GetValue<long>()];
            Assert.Equal(ack["resourceId"]!.GetValue<string>(), entry["resourceId"]!.GetValue<string>());
        }

        // No batch applied twice or in part: each batch's notes appear 0 or ItemsPerPush - 1 times, and acknowledged ones once each.
        var tags = log.Where(e => e["resource"]!.GetValue<string>() == "NOTE").Select(e => e["data"]!["body"]!.GetValue<string>()).ToList();
        Assert.Equal(tags.Count, tags.Distinct().Count());
        foreach (var batch in tags.GroupBy(t => t[..t.LastIndexOf('#')]))
        {
            Assert.Equal(ItemsPerPush - 1, batch.Count());
        }

        Assert.All(clients, c => Assert.Equal(PushesPerClient * ItemsPerPush, c.Acknowledged.Count));

        // Replaying the log gives the current state.
        var replayed = new Dictionary<(string, string), string?>();
        foreach (var entry in log)
        {
            var key = (entry["resource"]!.GetValue<string>(), entry["resourceId"]?.GetValue<string>() ?? $"{entry["data"]!["collectionId"]}-{entry["data"]!["bookmarkId"]}");
            replayed[key] = entry["type"]!.GetValue<string>() == "DELETE" ? null : entry["data"]!.ToJsonString();
        }

        var stored = new Dictionary<(string, string), string?>();
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand("SELECT resource, id, data, deleted FROM resources WHERE user_id = $1", connection)
            {
                Parameters = { new() { Value = userId } },
            };
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                stored[(reader.GetString(0), reader.GetString(1))] = reader.GetBoolean(3) ? null : JsonNode.Parse(reader.GetString(2))!.ToJsonString();
            }
        }

        Assert.Equal(stored.OrderBy(p => p.Key).ToList(), replayed.OrderBy(p => p.Key).ToList());
    }

    private static async Task WaitUntilAsync(Func<bool> condition, Task run, CancellationToken ct)
    {
        while (!condition() && !run.IsCompleted)
        {
            await Task.Delay(20, ct);
        }
    }

    /// <summary>
    /// One device: pull, push a batch, on 409 pull and retry. A push that hits a dead instance is
    /// retried on the next instance with the same Idempotency-Key and body, as a client must.
    /// </summary>
    private sealed class Client(int number, string userId, ServerProcess[] servers, LocalTokenIssuer tokens)
    {
        private readonly string _token = tokens.Mint(userId, SyncServer.AllScopes, TimeSpan.FromHours(1));
        private int _turn;

        public string UserId => userId;

        public ConcurrentBag<JsonObject> Acknowledged { get; } = [];

        public ConcurrentBag<string> ServerErrors { get; } = [];

        public int RequestsToDeadInstance { get; private set; }

        public async Task RunAsync(int pushes, CancellationToken ct)
        {
            long cursor = 0;
            for (var push = 0; push < pushes; push++)
            {
                var body = Batch(push);
                var key = Guid.NewGuid().ToString();
                while (true)
                {
                    cursor = await PullHeadAsync(cursor, ct);
                    var (status, reply) = await SendAsync(HttpMethod.Post, $"/v1/sync?lastMutationAt={cursor}", body, key, ct);
                    if (status == HttpStatusCode.OK)
                    {
                        foreach (var ack in reply!["data"]!["mutations"]!.AsArray())
                        {
                            Acknowledged.Add(ack!.AsObject());
                        }

                        break;
                    }

                    Assert.Equal(HttpStatusCode.Conflict, status);
                    await Task.Delay(Random.Shared.Next(1, 10), ct);
                }
            }
        }

        public static async Task<List<JsonObject>> PullAllAsync(ServerProcess server, string token, CancellationToken ct)
        {
            using var http = new HttpClient { BaseAddress = server.BaseAddress };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var entries = new List<JsonObject>();
            long since = 0;
            while (true)
            {
                var page = JsonNode.Parse(await http.GetStringAsync($"/v1/sync?mutationsSince={since}&limit=1000", ct))!["data"]!;
                entries.AddRange(page["mutations"]!.AsArray().Select(m => m!.AsObject()));
                if (!page["hasMore"]!.GetValue<bool>())
                {
                    return entries;
                }

                since = entries[^1]["timestamp"]!.GetValue<long>();
            }
        }

        /// <summary>Pulls by keyset to the end and returns the head to push at.</summary>
        private async Task<long> PullHeadAsync(long cursor, CancellationToken ct)
        {
            while (true)
            {
                var (status, reply) = await SendAsync(HttpMethod.Get, $"/v1/sync?mutationsSince={cursor}&limit=1000", null, null, ct);
                Assert.Equal(HttpStatusCode.OK, status);
                var data = reply!["data"]!;
                var mutations = data["mutations"]!.AsArray();
                if (!data["hasMore"]!.GetValue<bool>())
                {
                    return data["lastMutationAt"]!.GetValue<long>();
                }

                cursor = mutations[^1]!["timestamp"]!.GetValue<long>();
            }
        }

        private string Batch(int push) => new JsonObject
        {
            ["mutations"] = new JsonArray(
                new JsonObject
                {
                    ["type"] = "CREATE",
                    ["resource"] = "NOTE",
                    ["data"] = new JsonObject { ["body"] = $"client {number} push {push} #a", ["ranges"] = new JsonArray("2:1-2:3") },
                },
                new JsonObject
                {
                    ["type"] = "CREATE",
                    ["resource"] = "BOOKMARK",
                    ["data"] = new JsonObject { ["key"] = 2, ["verseNumber"] = (number * PushesPerClient) + push + 1 },
                },
                new JsonObject
                {
                    ["type"] = "CREATE",
                    ["resource"] = "NOTE",
                    ["data"] = new JsonObject { ["body"] = $"client {number} push {push} #b", ["ranges"] = new JsonArray("2:4-2:5") },
                }),
        }.ToJsonString();

        /// <summary>Sends to the next instance in turn; a dead instance (connection refused or reset) means: same request, next instance.</summary>
        private async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(
            HttpMethod method, string pathAndQuery, string? body, string? idempotencyKey, CancellationToken ct)
        {
            for (var attempt = 0; ; attempt++)
            {
                var server = servers[(number + _turn++) % servers.Length];
                using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
                using var request = new HttpRequestMessage(method, pathAndQuery);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
                if (body is not null)
                {
                    request.Content = new StringContent(body, Encoding.UTF8, "application/json");
                }

                if (idempotencyKey is not null)
                {
                    request.Headers.Add("Idempotency-Key", idempotencyKey);
                }

                try
                {
                    using var response = await http.SendAsync(request, ct);
                    var text = await response.Content.ReadAsStringAsync(ct);
                    if ((int)response.StatusCode >= 500)
                    {
                        ServerErrors.Add($"{(int)response.StatusCode} {text}");
                    }

                    return (response.StatusCode, text.Length > 0 ? JsonNode.Parse(text) : null);
                }
                catch (HttpRequestException) when (attempt < 50)
                {
                    RequestsToDeadInstance++;
                    await Task.Delay(20, ct);
                }
            }
        }
    }
}
