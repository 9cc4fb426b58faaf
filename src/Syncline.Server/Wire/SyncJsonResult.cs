using System.Buffers;
using System.Globalization;

namespace Syncline.Server.Wire;

/// <summary>A 200 JSON body written straight into the response pipe, with <c>X-Mutation-At</c>.</summary>
internal sealed class SyncJsonResult(long head, Action<IBufferWriter<byte>> write) : IResult
{
    public static SyncJsonResult FromText(long head, string json) =>
        new(head, output => System.Text.EncodingExtensions.GetBytes(System.Text.Encoding.UTF8, json, output));

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        response.Headers[SyncHeaders.MutationAt] = head.ToString(CultureInfo.InvariantCulture);
        write(response.BodyWriter);
        await response.BodyWriter.FlushAsync(httpContext.RequestAborted);
    }
}
