namespace Syncline.Testing.Upstream;

/// <summary>One request the emulated server received, with the headers that matter upstream.</summary>
/// <param name="Method">GET or POST.</param>
/// <param name="PathAndQuery">The path with its query string.</param>
/// <param name="AuthToken">The <c>x-auth-token</c> header, if any.</param>
/// <param name="ClientId">The <c>x-client-id</c> header, if any.</param>
/// <param name="IdempotencyKey">The <c>Idempotency-Key</c> header, if any (upstream ignores it).</param>
/// <param name="Status">The status answered; 0 when the response was lost on purpose.</param>
/// <param name="Detail">What the server did, for a failing test's message: the acks of an applied batch, a pull's size.</param>
public sealed record UpstreamRequest(string Method, string PathAndQuery, string? AuthToken, string? ClientId, string? IdempotencyKey, int Status, string? Detail = null);
