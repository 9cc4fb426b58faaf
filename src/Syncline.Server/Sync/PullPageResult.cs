using System.Globalization;
using Syncline.Server.Storage;

namespace Syncline.Server.Sync;

/// <summary>
/// The 200 of a pull: opens the store's snapshot (head, total and page read together) and streams
/// the page from the database reader into the response while the snapshot is open.
/// </summary>
internal sealed class PullPageResult(ISyncStore store, string userId, PullQuery query, LogQuery log, long budget, ILogger logger) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        return store.ReadLogAsync(
            log,
            async (page, ct) =>
            {
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
