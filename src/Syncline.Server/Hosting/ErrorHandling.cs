using Microsoft.AspNetCore.Diagnostics;
using Syncline.Protocol;
using Syncline.Server.Sync;

namespace Syncline.Server.Hosting;

/// <summary>
/// Turns an unhandled exception into the protocol's 500 body with the request id; the exception
/// and its stack trace go to the log (under the same request id), never to the client.
/// </summary>
internal sealed class ErrorHandling(ILogger<ErrorHandling> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            // The client went away: nobody is left to answer.
            return true;
        }

        if (exception is BadHttpRequestException badRequest)
        {
            var kind = badRequest.StatusCode == StatusCodes.Status413PayloadTooLarge ? SyncErrorKind.PayloadTooLarge : SyncErrorKind.BadRequest;
            await SyncErrors.WriteAsync(httpContext, kind, badRequest.Message);
            return true;
        }

        Log.UnhandledException(logger, exception, httpContext.TraceIdentifier);
        await SyncErrors.WriteAsync(
            httpContext, SyncErrorKind.Internal, "Internal server error", requestId: httpContext.TraceIdentifier);
        return true;
    }
}
