using System.Text.Json;
using System.Text.Json.Serialization;

namespace Syncline.Protocol;

/// <summary>The body of a <c>POST /v1/sync</c> request.</summary>
/// <param name="Mutations">1 to 100 mutations, applied in order, all or nothing.</param>
public sealed record PushRequest(IReadOnlyList<MutationRequest> Mutations);

/// <summary>One mutation a client asks the server to apply.</summary>
/// <param name="Type">CREATE, UPDATE or DELETE.</param>
/// <param name="Resource">The resource name.</param>
/// <param name="ResourceId">The server id of the target (UPDATE and DELETE).</param>
/// <param name="Data">The fields (CREATE and UPDATE; link keys for a COLLECTION_BOOKMARK DELETE).</param>
public sealed record MutationRequest(
    string Type,
    string Resource,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ResourceId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? Data);

/// <summary>The data of a <c>POST /v1/sync</c> response.</summary>
/// <param name="LastMutationAt">The user's head after the batch and its side effects.</param>
/// <param name="Mutations">Exactly one acknowledgement per request item, in request order.</param>
public sealed record PushResult(long LastMutationAt, IReadOnlyList<SyncMutation> Mutations);
