using System.Text.Json;
using System.Text.Json.Nodes;
using Syncline.Client.Store;
using Syncline.Client.Sync;
using Syncline.Protocol;

namespace Syncline.Client.Tests;

/// <summary>
/// Which pulled entry is a lost batch's own echo (<see cref="BatchEchoes"/>), judged on data alone: a unit test of
/// the matching rules, the cases whose timing a whole sync cannot stage.
/// </summary>
public sealed class BatchEchoesTests
{
    private const string Created = "2026-12-05T08:00:00.123Z";

    private static BatchEchoes.Sent SentNote(string body, string updated = Created)
    {
        var data = new JsonObject { ["body"] = body, ["ranges"] = new JsonArray("1:1-1:2"), ["clientCreatedAt"] = Created, ["clientUpdatedAt"] = updated };
        var queued = new QueuedMutation(1, MutationTypes.Create, ResourceNames.Note, "local_1", data, 0, 0, null, "batch");
        return new BatchEchoes.Sent(queued, new JsonObject { ["type"] = "CREATE", ["resource"] = ResourceNames.Note, ["data"] = data.DeepClone() });
    }

    private static SyncMutation PulledNote(string id, string body, string updated) => new(
        MutationTypes.Create, ResourceNames.Note, id,
        JsonSerializer.SerializeToElement(new JsonObject { ["body"] = body, ["ranges"] = new JsonArray("1:1-1:2"), ["clientCreatedAt"] = Created, ["clientUpdatedAt"] = updated }),
        1);

    private static int MatchOf(BatchEchoes.Sent sent, SyncMutation entry) =>
        BatchEchoes.Match([sent], [entry], new HashSet<(string, string)>(), new Dictionary<string, string>())[0];

    [Fact]
    public void Another_devices_note_made_in_the_same_millisecond_is_not_taken_for_this_ones_echo()
    {
        Assert.Equal(-1, MatchOf(SentNote("written on this device"), PulledNote("n1", "written on another device", Created)));
    }

    [Fact]
    public void This_devices_note_edited_elsewhere_before_the_settlement_is_matched_by_its_creation_time()
    {
        Assert.Equal(0, MatchOf(SentNote("written on this device"), PulledNote("n1", "edited on another device", "2026-12-05T08:00:05.000Z")));
    }

    [Fact]
    public void An_echo_with_the_same_body_ranges_and_creation_time_is_matched()
    {
        Assert.Equal(0, MatchOf(SentNote("written on this device"), PulledNote("n1", "written on this device", Created)));
    }

    [Fact]
    public void Another_devices_bookmark_at_the_same_place_is_not_taken_for_this_ones_echo()
    {
        Assert.Equal(-1, MatchOf(SentBookmark(Created), PulledBookmark("b1", "2026-12-05T08:00:09.000Z")));
    }

    [Fact]
    public void A_bookmark_echo_at_the_same_place_and_creation_time_is_matched()
    {
        Assert.Equal(0, MatchOf(SentBookmark(Created), PulledBookmark("b1", Created)));
    }

    private static BatchEchoes.Sent SentBookmark(string created)
    {
        var data = new JsonObject { ["type"] = "ayah", ["key"] = 2, ["verseNumber"] = 28, ["mushaf"] = 1, ["isReading"] = true, ["clientCreatedAt"] = created, ["clientUpdatedAt"] = created };
        var queued = new QueuedMutation(1, MutationTypes.Create, ResourceNames.Bookmark, "local_1", data, 0, 0, null, "batch");
        // As read back from the stored batch body: JSON numbers, not CLR ints.
        return new BatchEchoes.Sent(queued, new JsonObject { ["type"] = "CREATE", ["resource"] = ResourceNames.Bookmark, ["data"] = JsonNode.Parse(data.ToJsonString()) });
    }

    private static SyncMutation PulledBookmark(string id, string created) => new(
        MutationTypes.Create, ResourceNames.Bookmark, id,
        JsonSerializer.SerializeToElement(new JsonObject { ["type"] = "ayah", ["key"] = 2, ["verseNumber"] = 28, ["mushaf"] = 1, ["clientCreatedAt"] = created, ["clientUpdatedAt"] = created }),
        1);
}
