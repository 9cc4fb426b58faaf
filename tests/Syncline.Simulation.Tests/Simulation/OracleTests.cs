using System.Text.Json.Nodes;
using Syncline.Client;

namespace Syncline.Simulation.Tests.Simulation;

/// <summary>The oracle's verdicts on a device's failed list, on the log and entries of simulation seed 34.</summary>
public sealed class OracleTests
{
    private const string LocalCollection = "local_84f2b98052f947f99fae886b34be1945";
    private const string LocalBookmark = "local_8f069b5ec34c4f828c65c6dcc52ee16c";
    private const string ServerCollection = "e1od4z6ygub4qepdok99qzf5";
    private const string ServerBookmark = "x8wqyxc8mxcapxjmcnwid79x";

    // The link was made under the collection's local id. The sync that refused it (404: the collection had been
    // deleted by another device) first settled the collection's CREATE and then the bookmark's, so the failed
    // entry names both ends by their server ids.
    [Fact]
    public void A_link_write_failed_under_the_server_ids_its_ends_got_later_is_not_lost()
    {
        var failed = new[] { FailedLink(ServerCollection, ServerBookmark) };

        Assert.False(Oracle.IsLost(LinkWrite(), Seed34Server(), failed));
    }

    [Fact]
    public void A_failed_link_of_the_same_bookmark_in_another_collection_does_not_account_for_a_lost_link()
    {
        var failed = new[] { FailedLink("__default__", ServerBookmark) };

        Assert.True(Oracle.IsLost(LinkWrite(), Seed34Server(), failed));
    }

    private static LedgerWrite LinkWrite() =>
        new(57, WriteKind.Linked, "COLLECTION_BOOKMARK", "s34 list 2", "Ayah:2:29:1", new HashSet<string> { LocalCollection, LocalBookmark });

    private static ServerHistory Seed34Server() => new(
    [
        Entry(1796398327033, "CREATE", "COLLECTION", ServerCollection, new JsonObject { ["name"] = "s34 list 2", ["isPrivate"] = true }),
        Entry(1796398327358, "DELETE", "COLLECTION", ServerCollection, []),
        Entry(1796398329586, "CREATE", "BOOKMARK", ServerBookmark, new JsonObject { ["type"] = "ayah", ["key"] = 2, ["verseNumber"] = 29, ["mushaf"] = 1 }),
    ]);

    private static JsonObject Entry(long timestamp, string type, string resource, string id, JsonObject data) =>
        new() { ["timestamp"] = timestamp, ["type"] = type, ["resource"] = resource, ["resourceId"] = id, ["data"] = data };

    private static FailedMutation FailedLink(string collectionId, string bookmarkId) => new(
        1,
        "CREATE",
        "COLLECTION_BOOKMARK",
        $"{collectionId}-{bookmarkId}",
        new JsonObject { ["collectionId"] = collectionId, ["bookmarkId"] = bookmarkId },
        DateTimeOffset.UnixEpoch,
        "Resource not found at mutation[1]",
        DateTimeOffset.UnixEpoch);
}
