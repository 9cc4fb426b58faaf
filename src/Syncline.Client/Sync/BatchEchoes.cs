using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Syncline.Client.Store;
using Syncline.Protocol;

namespace Syncline.Client.Sync;

/// <summary>
/// Finds, among pulled entries, the echoes of a batch this device sent: for each mutation, the entry the
/// server logged for it, by natural key rather than by the server id the lost reply would have named.
/// A bookmark by its place (type, key, verse, mushaf; the server keeps one per place, so another
/// device's bookmark there is the same one), a link by its pair (bookmark id, or the bookmark's place when
/// the entry names it by coordinates), a collection by its name, a note by body, ranges and
/// <c>clientCreatedAt</c>, a reading session by its ayah and <c>clientCreatedAt</c>; an UPDATE by every
/// field it sent, a DELETE by the record's DELETE entry. A second pass takes a CREATE still unmatched by its
/// <c>clientCreatedAt</c> alone: an upstream pull gives a record's latest version, which another device may
/// have edited since (a note's body, a session's ayah), while the time this device created it stays.
/// </summary>
/// <remarks>
/// A created record echoes under an id this device has never seen (the pull starts before the batch), so
/// entries of records it knows are not candidates, except for bookmarks (a CREATE at a known place merges
/// into that bookmark). Each entry answers one mutation at most, first come first served in batch order,
/// so two identical notes created in one batch take two entries.
/// </remarks>
internal static class BatchEchoes
{
    /// <summary>What was sent for one mutation of the batch: the queued mutation and its item in the body.</summary>
    public sealed record Sent(QueuedMutation Mutation, JsonObject Item)
    {
        public JsonObject Data => Item["data"] as JsonObject ?? Mutation.Data;
    }

    /// <param name="batch">The batch's mutations with what was sent for each.</param>
    /// <param name="entries">A pulled page, in timestamp order.</param>
    /// <param name="known">The pulled records this device already holds, by resource and id.</param>
    /// <param name="places">The place of each bookmark a link of the batch names, by bookmark id.</param>
    /// <returns>For each mutation, the index of its echo in <paramref name="entries"/>, or -1.</returns>
    public static int[] Match(
        IReadOnlyList<Sent> batch, IReadOnlyList<SyncMutation> entries, ISet<(string Resource, string Id)> known, IReadOnlyDictionary<string, string> places)
    {
        var data = entries.Select(e => e.Data.ValueKind == JsonValueKind.Object ? JsonNode.Parse(e.Data.GetRawText())!.AsObject() : []).ToList();
        var used = new bool[entries.Count];
        var matches = Enumerable.Repeat(-1, batch.Count).ToArray();
        Pass((sent, j) => IsEcho(sent, entries[j], data[j], known, places));
        Pass((sent, j) => IsSameCreationTime(sent, entries[j], data[j], known));
        return matches;

        void Pass(Func<Sent, int, bool> isEcho)
        {
            for (var i = 0; i < batch.Count; i++)
            {
                for (var j = 0; matches[i] < 0 && j < entries.Count; j++)
                {
                    if (!used[j] && entries[j].Resource == batch[i].Mutation.Resource && isEcho(batch[i], j))
                    {
                        used[j] = true;
                        matches[i] = j;
                    }
                }
            }
        }
    }

    /// <summary>
    /// The entry as the acknowledgement the lost reply would have been. A link's data gets the pair the
    /// mutation names when the entry names its bookmark only by coordinates.
    /// </summary>
    public static SyncMutation AsAcknowledgement(Sent sent, SyncMutation entry)
    {
        if (sent.Mutation.Resource != ResourceNames.CollectionBookmark)
        {
            return entry with { Type = sent.Mutation.Type };
        }

        var data = entry.Data.ValueKind == JsonValueKind.Object ? JsonNode.Parse(entry.Data.GetRawText())!.AsObject() : [];
        data["collectionId"] = sent.Mutation.Data["collectionId"]?.DeepClone();
        data["bookmarkId"] = sent.Mutation.Data["bookmarkId"]?.DeepClone();
        using var document = JsonDocument.Parse(data.ToJsonString());
        return entry with { Type = sent.Mutation.Type, Data = document.RootElement.Clone() };
    }

    private static bool IsEcho(Sent sent, SyncMutation entry, JsonObject data, ISet<(string, string)> known, IReadOnlyDictionary<string, string> places)
    {
        var mutation = sent.Mutation;
        if (mutation.Resource == ResourceNames.CollectionBookmark)
        {
            return (entry.Type == MutationTypes.Delete) == (mutation.Type == MutationTypes.Delete) && IsSameLink(sent, entry, data, places);
        }

        return mutation.Type switch
        {
            MutationTypes.Create when entry.Type != MutationTypes.Delete && entry.ResourceId is { } id =>
                mutation.Resource == ResourceNames.Bookmark
                    // Another device's bookmark at the place is not this CREATE's echo (its fields, e.g. isReading, are not
                    // ours: upstream seed 818 lost a "make reading" that way). Left unmatched, the CREATE is sent again,
                    // which is safe: a server keeps one bookmark per place and merges a CREATE into it.
                    ? Place(sent.Data) == Place(data) && !DifferInCreationTime(sent.Data, data)
                    : !known.Contains((entry.Resource, id)) && IsSameCreation(mutation.Resource, sent.Data, data),
            MutationTypes.Update => entry.Type != MutationTypes.Delete && entry.ResourceId == mutation.ResourceId && HasFields(data, sent.Data),
            MutationTypes.Delete => entry.Type == MutationTypes.Delete && entry.ResourceId == mutation.ResourceId,
            _ => false,
        };
    }

    private static bool IsSameCreation(string resource, JsonObject sent, JsonObject pulled) => resource switch
    {
        ResourceNames.Collection => Text(sent["name"]) is { } name && name == Text(pulled["name"]) && !DifferInCreationTime(sent, pulled),
        ResourceNames.Note => Text(sent["body"]) is { } body && body == Text(pulled["body"])
            && Ranges(sent) == Ranges(pulled) && !DifferInCreationTime(sent, pulled),
        ResourceNames.ReadingSession => Number(sent["chapterNumber"]) is { } chapter && chapter == Number(pulled["chapterNumber"])
            && Number(sent["verseNumber"]) == Number(pulled["verseNumber"]) && !DifferInCreationTime(sent, pulled),
        _ => false,
    };

    private static bool DifferInCreationTime(JsonObject sent, JsonObject pulled) =>
        Instant(sent["clientCreatedAt"]) is { } created && Instant(pulled["clientCreatedAt"]) is { } echoed && created != echoed;

    /// <summary>
    /// The second pass: a CREATE (not of a bookmark or link, which have natural keys) whose echo carries its creation
    /// time and was edited since (another device changed it before this one settled; compared for equality only, as the
    /// editor's clock may be behind this one's). An echo never edited would have
    /// matched the first pass; without that condition another device's record made in the same millisecond would be
    /// taken for this one, and this one never sent (upstream simulation seed 265).
    /// </summary>
    private static bool IsSameCreationTime(Sent sent, SyncMutation entry, JsonObject pulled, ISet<(string, string)> known) =>
        sent.Mutation.Type == MutationTypes.Create
        && sent.Mutation.Resource is not (ResourceNames.Bookmark or ResourceNames.CollectionBookmark)
        && entry.Type != MutationTypes.Delete && entry.ResourceId is { } id && !known.Contains((entry.Resource, id))
        && Instant(sent.Data["clientCreatedAt"]) is { } created && created == Instant(pulled["clientCreatedAt"])
        && Instant(pulled["clientUpdatedAt"]) is { } edited && edited != created && edited != Instant(sent.Data["clientUpdatedAt"]);

    /// <summary>Every field the UPDATE sent has the sent value (client timestamps aside: servers rewrite their format).</summary>
    private static bool HasFields(JsonObject pulled, JsonObject sent) =>
        sent.Where(f => f.Key is not ("clientCreatedAt" or "clientUpdatedAt")).All(f => JsonNode.DeepEquals(f.Value, pulled[f.Key]));

    /// <summary>Same collection, and the same bookmark by id (from the data or the composite id) or by place.</summary>
    private static bool IsSameLink(Sent sent, SyncMutation entry, JsonObject pulled, IReadOnlyDictionary<string, string> places)
    {
        var collectionId = Text(sent.Mutation.Data["collectionId"]);
        var bookmarkId = Text(sent.Mutation.Data["bookmarkId"]);
        if (collectionId is null || collectionId != Text(pulled["collectionId"]))
        {
            return false;
        }

        var pulledBookmark = Text(pulled["bookmarkId"]) ?? Text(pulled["bookmark_id"])
            ?? (entry.ResourceId is { } composite && composite.StartsWith(collectionId + "-", StringComparison.Ordinal) ? composite[(collectionId.Length + 1)..] : null);
        if (pulledBookmark is not null)
        {
            return pulledBookmark == bookmarkId;
        }

        var place = pulled["key"] is null ? null : Place(pulled);
        var ours = sent.Data["key"] is not null ? Place(sent.Data) : bookmarkId is null ? null : places.GetValueOrDefault(bookmarkId);
        return place is not null && place == ours;
    }

    /// <summary>A bookmark's place, read under either name of each field; a missing mushaf is the default one.</summary>
    private static string Place(JsonObject data) => string.Join(
        '|',
        (Text(data["type"]) ?? Text(data["bookmarkType"]) ?? "ayah").ToLowerInvariant(),
        Number(data["key"]),
        Number(data["verseNumber"]),
        Number(data["mushaf"]) ?? Number(data["mushafId"]) ?? 1);

    /// <summary>The same place, for a bookmark stored on this device.</summary>
    public static string PlaceOf(LocalResource bookmark) => Place(bookmark.Data);

    private static string Ranges(JsonObject data) =>
        string.Join(',', (data["ranges"] as JsonArray ?? []).Select(r => Text(r)));

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text.Trim() : null;

    private static long? Number(JsonNode? node) =>
        node is not JsonValue value ? null
        : value.TryGetValue<long>(out var n) ? n
        : value.TryGetValue<string>(out var s) && long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed
        : null;

    /// <summary>A client timestamp as Unix milliseconds, from ISO 8601 text or a number.</summary>
    private static long? Instant(JsonNode? node) =>
        node is not JsonValue value ? null
        : value.TryGetValue<long>(out var ms) ? ms
        : value.TryGetValue<string>(out var text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time.ToUnixTimeMilliseconds()
            : null;
}
