using System.Globalization;
using System.Text.Json;
using Syncline.Protocol;

namespace Syncline.Server.Wire;

/// <summary>
/// The one way an error leaves this server: the body of PROTOCOL.md section 5, with
/// <c>X-Mutation-At</c> on a 409. Endpoints, auth, rate limiting and the exception handler all use it.
/// </summary>
internal static class SyncErrors
{
    public static IResult Result(SyncErrorKind kind, string message, long? head = null, int? index = null) =>
        new ErrorResult(kind, message, head, index);

    public static Task WriteAsync(
        HttpContext context, SyncErrorKind kind, string message, long? head = null, int? index = null, string? requestId = null)
    {
        var response = context.Response;
        response.StatusCode = kind.Status();
        response.ContentType = "application/json; charset=utf-8";
        if (head is { } h)
        {
            response.Headers[SyncHeaders.MutationAt] = h.ToString(CultureInfo.InvariantCulture);
        }

        var body = kind.ToResponse(message, head, index, requestId);
        return JsonSerializer.SerializeAsync(response.Body, body, SynclineJsonContext.Default.ErrorResponse, context.RequestAborted);
    }

    private sealed class ErrorResult(SyncErrorKind kind, string message, long? head, int? index) : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => kind.Status();

        public Task ExecuteAsync(HttpContext httpContext) => WriteAsync(httpContext, kind, message, head, index);
    }
}
