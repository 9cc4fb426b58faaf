namespace Syncline.Client;

/// <summary>
/// Which deployment of the User Sync API the client talks to. The wire contract is the same; the
/// profile decides what the client sends beside it and how it makes a lost response safe to retry.
/// </summary>
public enum ServerProfile
{
    /// <summary>Syncline's server: a bearer token, an <c>Idempotency-Key</c> on every push.</summary>
    Syncline = 0,

    /// <summary>
    /// The upstream service as deployed: <c>x-auth-token</c> and <c>x-client-id</c> headers, no idempotency keys
    /// (a lost push is settled by pulling its echoes), links sent by ayah coordinates.
    /// </summary>
    Upstream = 1,
}
