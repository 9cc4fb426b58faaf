using Syncline.Protocol.Validation;

namespace Syncline.Server.Storage;

/// <summary>A validated push, ready for the store.</summary>
/// <param name="UserId">The token's subject.</param>
/// <param name="LastMutationAt">The head the client has applied (-1 read as 0).</param>
/// <param name="Mutations">The items, already through the shape and field rules.</param>
/// <param name="IdempotencyKey">The client's key, or null.</param>
/// <param name="BodyHash">A hash of the request body, to tell a replay from a reused key.</param>
internal sealed record PushCommand(
    string UserId,
    long LastMutationAt,
    IReadOnlyList<ValidMutation> Mutations,
    string? IdempotencyKey,
    string BodyHash);
