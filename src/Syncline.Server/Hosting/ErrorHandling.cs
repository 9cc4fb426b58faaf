using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Diagnostics;
using Syncline.Protocol;
using Syncline.Server.Wire;

namespace Syncline.Server.Hosting;

/// <summary>
/// Turns an unhandled exception into the protocol's 500 body with the request id; the exception
/// and its stack trace go to the log (under the same request id), never to the client.
/// </summary>
internal sealed class ErrorHandling(ILogger<ErrorHandling> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (IsClientGone(httpContext, exception))
        {
            // Nobody is left to answer, and nothing is wrong with the server: a debug line, not an error.
            Log.ClientGone(logger, httpContext.TraceIdentifier, exception.Message);
            // Aborting marks the connection gone; Kestrel would otherwise try to drain the rest of the
            // body from a reader the failed read left busy, and log that as an error.
            httpContext.Abort();
            return true;
        }

        try
        {
            if (exception is BadHttpRequestException badRequest)
            {
                var kind = badRequest.StatusCode == StatusCodes.Status413PayloadTooLarge ? SyncErrorKind.PayloadTooLarge : SyncErrorKind.BadRequest;
                await SyncErrors.WriteAsync(httpContext, kind, badRequest.Message);
                return true;
            }

            Log.UnhandledException(logger, exception, httpContext.TraceIdentifier);
            await SyncErrors.WriteAsync(
                httpContext, SyncErrorKind.Internal, "Internal server error", requestId: httpContext.TraceIdentifier);
        }
        catch (Exception writing) when (IsClientGone(httpContext, writing))
        {
            // The client left while the answer was written (a body cut short ends here: Kestrel calls it a bad request).
            Log.ClientGone(logger, httpContext.TraceIdentifier, writing.Message);
            httpContext.Abort();
        }

        return true;
    }

    /// <summary>
    /// The client reset or closed the connection mid-request. Kestrel throws the reset while reading
    /// the body, sometimes before it has signalled <see cref="HttpContext.RequestAborted"/>, so the
    /// reset counts on its own; other I/O and cancellation count only once the request is aborted.
    /// </summary>
    private static bool IsClientGone(HttpContext httpContext, Exception exception) => exception switch
    {
        ConnectionResetException => true,
        OperationCanceledException or IOException => httpContext.RequestAborted.IsCancellationRequested,
        _ => false,
    };
}
