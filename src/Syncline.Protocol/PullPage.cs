namespace Syncline.Protocol;

/// <summary>The data of a <c>GET /v1/sync</c> response.</summary>
/// <param name="LastMutationAt">The user's global head, whatever the filter.</param>
/// <param name="Mutations">Entries after <c>mutationsSince</c>, ascending by timestamp.</param>
/// <param name="Page">The page served (1-based).</param>
/// <param name="Limit">The page size used.</param>
/// <param name="Total">Entries matching the query on all pages.</param>
/// <param name="HasMore">Whether entries remain after this page.</param>
public sealed record PullPage(
    long LastMutationAt,
    IReadOnlyList<SyncMutation> Mutations,
    int Page,
    int Limit,
    long Total,
    bool HasMore);

/// <summary>The data of a <c>GET /v1/sync?metadataOnly=true</c> response: the head alone.</summary>
/// <param name="LastMutationAt">The user's global head.</param>
public sealed record SyncHead(long LastMutationAt);
