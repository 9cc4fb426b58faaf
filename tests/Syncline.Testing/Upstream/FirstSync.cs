namespace Syncline.Testing.Upstream;

/// <summary>Which of the upstream service's first-sync rules the server follows (UPSTREAM.md 1.7).</summary>
public enum FirstSync
{
    /// <summary>
    /// Newer deployments: every account starts with the <c>__default__</c> collection entry, so the head
    /// is positive from the first GET and the first POST sends it like any other head.
    /// </summary>
    DefaultCollection,

    /// <summary>
    /// The Jan-Aug 2026 rule: a user with no history gets <c>lastMutationAt: -1</c> from GET, and the first
    /// POST must send <c>-1</c>; anything else gets 409 "First sync detected. Please use lastMutationAt=-1 for initial sync.".
    /// </summary>
    MinusOne,
}
