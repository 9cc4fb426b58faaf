using System.Text.Json;
using System.Text.Json.Serialization;

namespace Syncline.Protocol;

/// <summary>One entry of a user's mutation log, as pulled or acknowledged.</summary>
/// <param name="Type">CREATE, UPDATE or DELETE.</param>
/// <param name="Resource">The resource name.</param>
/// <param name="ResourceId">The server id; absent on pulled COLLECTION_BOOKMARK entries.</param>
/// <param name="Data">The resource's data after this mutation (<c>{}</c> for most deletes).</param>
/// <param name="Timestamp">Server-assigned Unix milliseconds, unique and increasing per user.</param>
public sealed record SyncMutation(
    string Type,
    string Resource,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ResourceId,
    JsonElement Data,
    long Timestamp);
