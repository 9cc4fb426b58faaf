using System.Text.Json.Nodes;
using Syncline.Client.Tests.Support;

namespace Syncline.Client.Tests;

/// <summary>
/// Three devices of one user make random changes for many rounds over a network that refuses
/// connections and loses push responses; then the network heals. Every device must end exactly
/// where the server is, with nothing pending, and the server's log must be intact.
/// </summary>
public sealed class BadNetworkSimulationTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Seeds 1 and 2 first showed that refused changes stay visible until discarded; seed 6 found a
    // reading bookmark left cleared on a device after the change that cleared it failed.
    [Theory]
    [InlineData(1, "LocalChangesWin")]
    [InlineData(2, "LocalChangesWin")]
    [InlineData(3, "LocalChangesWin")]
    [InlineData(4, "LocalChangesWin")]
    [InlineData(5, "LocalChangesWin")]
    [InlineData(6, "LocalChangesWin")]
    [InlineData(7, "ServerWins")]
    [InlineData(8, "ServerWins")]
    [InlineData(9, "ServerWins")]
    [InlineData(10, "ClientWins")]
    [InlineData(11, "ClientWins")]
    [InlineData(12, "ClientWins")]
    public async Task Devices_on_a_bad_network_converge_on_the_servers_state(int seed, string policy)
    {
        var resolver = policy switch
        {
            "ServerWins" => ConflictResolvers.ServerWins,
            "ClientWins" => ConflictResolvers.ClientWins,
            _ => ConflictResolvers.LocalChangesWin,
        };
        await using var devices = new Devices(fixture.Server);
        var random = new Random(seed);
        var networks = new List<FlakyNetwork>();
        var clients = new List<SyncClient>();
        for (var i = 0; i < 3; i++)
        {
            var network = new FlakyNetwork(seed * 10 + i, refuse: 0.2, dropPushResponse: 0.3);
            networks.Add(network);
            clients.Add(await devices.OpenAsync($"device-{i}", network, o => (o.MaxTransientRetries, o.ConflictResolver) = (1, resolver)));
        }

        for (var round = 0; round < 25; round++)
        {
            foreach (var client in clients)
            {
                for (var op = random.Next(1, 4); op > 0; op--)
                {
                    await RandomChangeAsync(client, random);
                }

                var result = await client.SyncAsync(Ct);
                Assert.Null(result.Error);
            }
        }

        networks.ForEach(n => n.Flaky = false);

        // Changes the server refused (a link to a bookmark deleted elsewhere, an edit of a deleted note)
        // stay visible in the failed list until the user decides: here, as a user would, discard them.
        foreach (var client in clients)
        {
            await client.SyncAsync(Ct);
            foreach (var failed in await client.Failed.ListAsync(Ct))
            {
                await client.Failed.DiscardAsync(failed.Id, Ct);
            }
        }

        for (var pass = 0; pass < 2; pass++)
        {
            foreach (var client in clients)
            {
                var result = await client.SyncAsync(Ct);
                Assert.True(result.IsComplete, result.ToString());
            }
        }

        using var api = devices.ServerApi();
        var log = await api.PullAllAsync();
        var timestamps = log.Select(e => e["timestamp"]!.GetValue<long>()).ToList();
        Assert.Equal(timestamps.Distinct().Order(), timestamps);
        var server = ServerState(log);
        foreach (var client in clients)
        {
            var device = await DeviceStateAsync(client);
            Assert.True(server.SequenceEqual(device), $"only on the server:\n{string.Join('\n', server.Except(device))}\nonly on the device:\n{string.Join('\n', device.Except(server))}");
        }
    }

    /// <summary>One random change of the kinds an app makes; a change on a record that is gone is a no-op.</summary>
    private static async Task RandomChangeAsync(SyncClient client, Random random)
    {
        try
        {
            switch (random.Next(8))
            {
                case 0:
                    await client.Bookmarks.AddAyahAsync(2, random.Next(1, 287), cancellationToken: Ct);
                    break;
                case 1:
                    await client.Notes.AddAsync($"note {random.Next(100_000)}", [$"3:{random.Next(1, 100)}-3:{random.Next(100, 201)}"], cancellationToken: Ct);
                    break;
                case 2 when await PickAsync(client.Notes.ListAsync(Ct), random) is { } note:
                    await client.Notes.EditAsync(note.Id, $"edited {random.Next(100_000)}", cancellationToken: Ct);
                    break;
                case 3 when await PickAsync(client.Notes.ListAsync(Ct), random) is { } note:
                    await client.Notes.DeleteAsync(note.Id, Ct);
                    break;
                case 4:
                    await client.Collections.CreateAsync($"list {random.Next(1000)}", cancellationToken: Ct);
                    break;
                case 5 when await PickAsync(client.Collections.ListAsync(Ct), random) is { } collection
                            && await PickAsync(client.Bookmarks.ListAsync(Ct), random) is { } bookmark
                            && (collection.Id != "__default__" || bookmark.Type == BookmarkType.Ayah):
                    await client.CollectionBookmarks.AddAsync(collection.Id, bookmark.Id, Ct);
                    break;
                case 6 when await PickAsync(client.CollectionBookmarks.ListAsync(null, Ct), random) is { } link:
                    await client.CollectionBookmarks.RemoveAsync(link.CollectionId, link.BookmarkId, Ct);
                    break;
                case 7 when await PickAsync(client.Bookmarks.ListAsync(Ct), random) is { } bookmark:
                    if (random.Next(2) == 0)
                    {
                        await client.Bookmarks.SetReadingAsync(bookmark.Id, Ct);
                    }
                    else
                    {
                        await client.Bookmarks.DeleteAsync(bookmark.Id, Ct);
                    }

                    break;
            }
        }
        catch (SynclineNotFoundException)
        {
            // Deleted by a sync in between: nothing to change.
        }
    }

    private static async Task<T?> PickAsync<T>(Task<IReadOnlyList<T>> list, Random random)
        where T : class
    {
        var items = await list;
        return items.Count == 0 ? null : items[random.Next(items.Count)];
    }

    /// <summary>The server's current state, replayed from its log, as comparable lines.</summary>
    private static List<string> ServerState(List<JsonObject> log)
    {
        var state = new Dictionary<(string, string), JsonObject>();
        foreach (var entry in log)
        {
            var resource = entry["resource"]!.GetValue<string>();
            var data = entry["data"]!.AsObject();
            var id = resource == "COLLECTION_BOOKMARK" ? $"{data["collectionId"]}-{data["bookmarkId"]}" : entry["resourceId"]!.GetValue<string>();
            if (entry["type"]!.GetValue<string>() == "DELETE")
            {
                state.Remove((resource, id));
            }
            else
            {
                state[(resource, id)] = data;
            }
        }

        return [.. state.Select(p => Line(p.Key.Item1, p.Key.Item2, p.Value)).Order(StringComparer.Ordinal)];
    }

    private static async Task<List<string>> DeviceStateAsync(SyncClient client)
    {
        var lines = new List<string>();
        lines.AddRange((await client.Bookmarks.ListAsync(Ct)).Select(b => Line("BOOKMARK", b.Id, new JsonObject
        {
            ["key"] = b.Key, ["verseNumber"] = b.VerseNumber, ["mushaf"] = b.Mushaf, ["isReading"] = b.IsReading,
        })));
        lines.AddRange((await client.Collections.ListAsync(Ct)).Select(c => Line("COLLECTION", c.Id, new JsonObject { ["name"] = c.Name, ["isPrivate"] = c.IsPrivate })));
        lines.AddRange((await client.CollectionBookmarks.ListAsync(null, Ct)).Select(l => Line("COLLECTION_BOOKMARK", $"{l.CollectionId}-{l.BookmarkId}", [])));
        lines.AddRange((await client.Notes.ListAsync(Ct)).Select(n => Line("NOTE", n.Id, new JsonObject { ["body"] = n.Body, ["ranges"] = string.Join(',', n.Ranges) })));
        Assert.All(await client.Bookmarks.ListAsync(Ct), b => Assert.Equal(SyncStatus.Synced, b.Status));
        Assert.Equal(0, (await client.GetStatusAsync(Ct)).PendingCount);
        return [.. lines.Order(StringComparer.Ordinal)];
    }

    /// <summary>A record as one line: resource, id and the fields both sides know, in a fixed form.</summary>
    private static string Line(string resource, string id, JsonObject data) => resource switch
    {
        "BOOKMARK" => $"{resource} {id} {data["key"]}:{data["verseNumber"]} m{data["mushaf"]} reading={data["isReading"]?.GetValue<bool>() ?? false}",
        "COLLECTION" => $"{resource} {id} {data["name"]} private={data["isPrivate"]}",
        "NOTE" => $"{resource} {id} {data["body"]} {(data["ranges"] is JsonArray ranges ? string.Join(',', ranges.Select(r => r!.GetValue<string>())) : data["ranges"])}",
        _ => $"{resource} {id}",
    };
}
