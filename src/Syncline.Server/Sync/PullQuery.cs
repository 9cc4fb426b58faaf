using Syncline.Protocol;
using Syncline.Server.Wire;

namespace Syncline.Server.Sync;

/// <summary>The query of <c>GET /v1/sync</c>, read and bounded (PROTOCOL.md section 3.1).</summary>
/// <param name="MutationsSince">Entries strictly after this timestamp (-1 read as 0).</param>
/// <param name="Resources">The resources asked for, or null for all.</param>
/// <param name="MetadataOnly">Only the head.</param>
/// <param name="Limit">Page size, 1..1000.</param>
/// <param name="Page">1-based page number.</param>
/// <param name="ByPageNumber">Whether the client pages by number (sent <c>page</c>): such pages are never cut by the byte budget.</param>
/// <param name="StartedFrom">
/// The <c>mutationsSince</c> of the first page of the client's keyset walk (<c>startedFrom</c>, a Syncline extension;
/// default: this page's). A walk from 0 passes timestamps older than the prune horizon without having missed
/// a delete, so the "cursor too old" answer is judged by where the walk started, not by where it is.
/// </param>
internal sealed record PullQuery(long MutationsSince, IReadOnlyList<string>? Resources, bool MetadataOnly, int Limit, int Page, bool ByPageNumber, long StartedFrom)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public static bool TryParse(IQueryCollection query, out PullQuery pull, out IResult? error)
    {
        pull = null!;
        if (!QueryNumber.TryRead(query, "mutationsSince", -1, long.MaxValue, null, out var since, out error)
            || !QueryNumber.TryRead(query, "limit", 1, MaxLimit, DefaultLimit, out var limit, out error)
            || !QueryNumber.TryRead(query, "page", 1, int.MaxValue, 1, out var page, out error)
            || !QueryNumber.TryRead(query, "startedFrom", -1, long.MaxValue, since, out var startedFrom, out error)
            || !TryReadMetadataOnly(query, out var metadataOnly, out error)
            || !TryReadResources(query, out var resources, out error))
        {
            return false;
        }

        var byPageNumber = !string.IsNullOrWhiteSpace(query["page"].LastOrDefault());
        // A walk cannot have started after the page it asks for.
        pull = new PullQuery(Math.Max(since, 0), resources, metadataOnly, (int)limit, (int)page, byPageNumber, Math.Clamp(startedFrom, 0, Math.Max(since, 0)));
        return true;
    }

    private static bool TryReadMetadataOnly(IQueryCollection query, out bool metadataOnly, out IResult? error)
    {
        error = null;
        var text = query["metadataOnly"].LastOrDefault()?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            metadataOnly = false;
            return true;
        }

        if (bool.TryParse(text, out metadataOnly))
        {
            return true;
        }

        error = SyncErrors.Result(SyncErrorKind.BadRequest, "Invalid metadataOnly: not a boolean");
        return false;
    }

    private static bool TryReadResources(IQueryCollection query, out IReadOnlyList<string>? resources, out IResult? error)
    {
        resources = null;
        error = null;
        var names = query["resources"]
            .SelectMany(v => (v ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToList();
        if (names.Count == 0)
        {
            return true;
        }

        var canonical = new List<string>();
        foreach (var name in names)
        {
            if (!ResourceNames.TryNormalize(name, out var resource))
            {
                error = SyncErrors.Result(SyncErrorKind.Validation, $"Invalid resource: \"{name}\"");
                return false;
            }

            if (!canonical.Contains(resource))
            {
                canonical.Add(resource);
            }
        }

        resources = canonical;
        return true;
    }
}
