using Syncline.Client;
using Syncline.Server.Tests.Support;

namespace Syncline.Simulation.Tests.RacingPull;

/// <summary>
/// The same race through the SDK: a new device syncs a user's 10,000 notes, 100 per page, while another
/// device edits 300 of them and syncs, three pages at a time. Afterwards both devices hold the server's notes.
/// </summary>
public sealed class SdkRacingPullTests
{
    private const int Notes = 10_000;
    private const int Edited = 300;
    private const int EditsPerSync = 10;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(RaceStore.Sqlite)]
    [InlineData(RaceStore.Postgres)]
    public async Task A_device_syncing_10000_notes_while_another_edits_300_ends_with_the_servers_notes(RaceStore store)
    {
        await using var race = await RaceServer.StartAsync(store, Ct);
        var userId = $"racer-{Guid.NewGuid():N}";
        // Seeded over the API, as another device that has done its work.
        (await Notebook.SeedAsync(race.Server, userId, Notes)).Dispose();

        await using var devices = new RaceDevices(race.Server, userId);
        var tablet = await devices.OpenAsync("tablet");
        Assert.True((await tablet.SyncAsync(Ct)).IsComplete);
        var order = (await tablet.Notes.ListAsync(Ct)).Select(n => n.Id).ToArray();
        new Random(20260125).Shuffle(order);
        var toEdit = new Queue<string[]>(order.Take(Edited).Chunk(EditsPerSync));
        var edited = 0;

        var phoneNetwork = new PullHook();
        var phone = await devices.OpenAsync("phone", phoneNetwork, pullPageSize: 100);
        phoneNetwork.AfterPull = async pulls =>
        {
            if (pulls % 3 == 0 && toEdit.TryDequeue(out var ids))
            {
                foreach (var id in ids)
                {
                    await tablet.Notes.EditAsync(id, $"Edited on the tablet while the phone was pulling, note {id}", cancellationToken: Ct);
                }

                Assert.True((await tablet.SyncAsync(Ct)).IsComplete);
                edited += ids.Length;
            }
        };
        var racing = await phone.SyncAsync(Ct);
        phoneNetwork.AfterPull = null;
        var settled = await phone.SyncAsync(Ct);

        Assert.Equal(Edited, edited);
        Assert.True(racing.IsComplete && settled.IsComplete);
        using var api = race.Server.Api(userId);
        var server = (await api.PullAllAsync())
            .Where(e => e["resource"]!.GetValue<string>() == "NOTE")
            .GroupBy(e => e["resourceId"]!.GetValue<string>())
            .ToDictionary(g => g.Key, g => g.Last()["data"]!["body"]!.GetValue<string>());
        Assert.Equal(Notes, server.Count);
        Assert.Equal(Edited, server.Values.Count(body => body.StartsWith("Edited on the tablet", StringComparison.Ordinal)));
        Assert.Equal(server.OrderBy(n => n.Key), (await phone.Notes.ListAsync(Ct)).Select(n => KeyValuePair.Create(n.Id, n.Body)).OrderBy(n => n.Key));
        Assert.Equal(server.OrderBy(n => n.Key), (await tablet.Notes.ListAsync(Ct)).Select(n => KeyValuePair.Create(n.Id, n.Body)).OrderBy(n => n.Key));
    }

    /// <summary>Passes requests to the real server; after each pull's response, runs <see cref="AfterPull"/> with the number of pulls so far.</summary>
    private sealed class PullHook() : DelegatingHandler(new SocketsHttpHandler())
    {
        private int _pulls;

        public Func<int, Task>? AfterPull { get; set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (request.Method == HttpMethod.Get && AfterPull is { } afterPull)
            {
                await afterPull(++_pulls);
            }

            return response;
        }
    }

    /// <summary>Devices of one user, each a <see cref="SyncClient"/> on its own database file in one temporary folder.</summary>
    private sealed class RaceDevices(SyncServer server, string userId) : IAsyncDisposable
    {
        private readonly string _directory = Path.Combine(Path.GetTempPath(), "syncline-simulation-tests", Guid.NewGuid().ToString("N"));
        private readonly List<SyncClient> _clients = [];

        public async Task<SyncClient> OpenAsync(string device, HttpMessageHandler? network = null, int pullPageSize = 1000)
        {
            var client = await SyncClient.OpenAsync(
                new SyncClientOptions
                {
                    ServerUrl = server.BaseAddress,
                    DatabasePath = Path.Combine(_directory, $"{device}.db"),
                    TokenProvider = _ => ValueTask.FromResult(server.Token(userId)),
                    HttpClient = new HttpClient(network ?? new SocketsHttpHandler()),
                    PullPageSize = pullPageSize,
                },
                cancellationToken: Ct);
            _clients.Add(client);
            return client;
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var client in _clients)
            {
                await client.DisposeAsync();
            }

            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
                // A file the pool still holds; the temp folder is cleaned later.
            }
        }
    }
}
