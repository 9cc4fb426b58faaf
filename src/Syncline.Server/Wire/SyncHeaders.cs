namespace Syncline.Server.Wire;

/// <summary>The HTTP headers of the protocol.</summary>
internal static class SyncHeaders
{
    public const string MutationAt = "X-Mutation-At";
    public const string IdempotencyKey = "Idempotency-Key";
    public const string AuthToken = "x-auth-token";
    public const string ClientId = "x-client-id";
}
