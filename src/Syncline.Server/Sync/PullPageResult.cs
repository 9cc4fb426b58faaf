using System.Globalization;
using Syncline.Protocol;
using Syncline.Server.Storage;
using Syncline.Server.Wire;

namespace Syncline.Server.Sync;

/// <summary>
/// The answer to a pull: opens the store's snapshot (head, horizon, total and page read together) and
/// streams the page from the database reader into the response while the snapshot is open, taking its
/// turn among the user's pulls first (<see cref="PullGate"/>); or 410 when the cursor is older than the
/// history the server kept (PROTOCOL.md is silent on it: the lead's decision, in README's Pulls and retention).
/// </summary>
internal sealed class PullPageResult(ISyncStore store, PullGate gate, string userId, PullQuery query, LogQuery log, long budget, ILogger logger) : IResult
{
    private const string CursorTooOldMessage =
        "mutationsSince is older than the history this server keeps (deletes before it were pruned); pull again from mutationsSince=0.";

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;

        // The turn is taken before the snapshot opens: a waiting pull holds no connection to the store.
        using var turn = await gate.EnterAsync(userId, httpContext.RequestAborted);
        if (!turn.IsAcquired)
        {
            httpContext.Response.Headers.RetryAfter = "1";
            await SyncErrors.WriteAsync(httpContext, SyncErrorKind.RateLimited, "Too many pulls at once, retry after 1 s");
            return;
        }

        await store.ReadLogAsync(
            log,
            async (page, ct) =>
            {
                if (page.IsTooOld(query.StartedFrom))
                {
                    await SyncErrors.WriteAsync(httpContext, SyncErrorKind.Gone, CursorTooOldMessage, head: page.Head);
                    return new PulledPage(0, HasMore: false, Delivered: true);
                }

                response.StatusCode = StatusCodes.Status200OK;
                response.ContentType = "application/json; charset=utf-8";
                response.Headers[SyncHeaders.MutationAt] = page.Head.ToString(CultureInfo.InvariantCulture);
                var pulled = await PullPageWriter.WriteAsync(response.BodyWriter, page, query, budget, ct);
                Log.Pulled(logger, userId, query.MutationsSince, pulled.Count, page.Total, page.Head);
                return pulled;
            },
            httpContext.RequestAborted);
    }
}
