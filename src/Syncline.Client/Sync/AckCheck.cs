using System.Text.Json;
using System.Text.Json.Nodes;
using Syncline.Client.Store;
using Syncline.Protocol;
using Syncline.Protocol.Validation;

namespace Syncline.Client.Sync;

/// <summary>
/// Checks a push's acknowledgement against the request before anything is reconciled (the contract
/// the upstream client enforces, UPSTREAM.md 1.2): one ack per item, position by position the same
/// resource and type, UPDATE and DELETE naming the id sent, a link's ids and place agreeing with the
/// link sent. A link CREATE may name its link by data, by composite id or not at all. An ack that
/// fails the check cannot be trusted to say which local record became which server record.
/// </summary>
internal static class AckCheck
{
    /// <summary>Why the acknowledgement does not answer the batch, or null when it does.</summary>
    public static string? Mismatch(PushBatch batch, PushResult result)
    {
        var sent = JsonNode.Parse(batch.Body)!["mutations"]!.AsArray();
        var acks = result.Mutations ?? [];
        if (acks.Count != sent.Count)
        {
            return $"{acks.Count} acknowledgements for {sent.Count} mutations";
        }

        for (var i = 0; i < sent.Count; i++)
        {
            if (Mismatch(sent[i]!.AsObject(), batch.Mutations[i], acks[i]) is { } reason)
            {
                return $"acknowledgement {i}: {reason}";
            }
        }

        return null;
    }

    private static string? Mismatch(JsonObject request, QueuedMutation queued, SyncMutation ack)
    {
        var type = request["type"]!.GetValue<string>();
        var resource = request["resource"]!.GetValue<string>();
        if (!string.Equals(ack.Resource, resource, StringComparison.OrdinalIgnoreCase) || ack.Type != type)
        {
            return $"{ack.Type ?? "no type"} of {ack.Resource ?? "no resource"} for a {type} of {resource}";
        }

        if (resource == ResourceNames.CollectionBookmark)
        {
            return LinkMismatch(request, queued, ack);
        }

        if (type == MutationTypes.Create)
        {
            return string.IsNullOrWhiteSpace(ack.ResourceId) ? "no resourceId for a CREATE" : null;
        }

        var id = request["resourceId"]!.GetValue<string>();
        return ack.ResourceId == id ? null : $"resourceId {ack.ResourceId ?? "missing"} for {id}";
    }

    private static string? LinkMismatch(JsonObject request, QueuedMutation queued, SyncMutation ack)
    {
        var collectionId = queued.Data["collectionId"]!.GetValue<string>();
        var bookmarkId = queued.Data["bookmarkId"]!.GetValue<string>();
        var composite = LinkRules.CompositeId(collectionId, bookmarkId);
        var data = ack.Data.ValueKind == JsonValueKind.Object ? JsonNode.Parse(ack.Data.GetRawText())!.AsObject() : null;
        if (data?["collectionId"] is { } c && !Same(c, collectionId))
        {
            return $"collectionId {c.ToJsonString()} for {collectionId}";
        }

        foreach (var name in (ReadOnlySpan<string>)["bookmarkId", "bookmark_id"])
        {
            if (data?[name] is { } b && !Same(b, bookmarkId))
            {
                return $"{name} {b.ToJsonString()} for {bookmarkId}";
            }
        }

        var sentData = request["data"]?.AsObject();
        foreach (var name in (ReadOnlySpan<string>)["key", "verseNumber"])
        {
            if (data?[name] is { } value && sentData?[name] is { } sentValue && !JsonNode.DeepEquals(value, sentValue))
            {
                return $"{name} {value.ToJsonString()} for {sentValue.ToJsonString()}";
            }
        }

        if (ack.Type == MutationTypes.Delete || !string.IsNullOrEmpty(ack.ResourceId))
        {
            // A CREATE may leave its id out (the upstream service does); a DELETE, and any id given, must name this link.
            return ack.ResourceId == composite ? null : $"resourceId {ack.ResourceId ?? "missing"} for {composite}";
        }

        return null;
    }

    private static bool Same(JsonNode value, string id) =>
        value is JsonValue v && v.TryGetValue<string>(out var text) && text == id;
}
