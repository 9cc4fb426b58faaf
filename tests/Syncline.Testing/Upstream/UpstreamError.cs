using System.Text.Json.Nodes;

namespace Syncline.Testing.Upstream;

/// <summary>
/// A refusal in the gateway-wrapped shape (UPSTREAM.md 1.1): the gateway's <c>message</c>/<c>type</c>/<c>success</c>
/// and <c>requestId</c> at the top, the service's error under <c>details</c>; never an <c>error.index</c> or a head.
/// </summary>
internal sealed record UpstreamError(int Status, string Type, string Code, string Message)
{
    public const string FirstSyncMessage = "First sync detected. Please use lastMutationAt=-1 for initial sync.";

    public static UpstreamError OutOfSync(string message = "Invalid lastMutationAt") => new(409, "Conflict", "OutOfSyncError", message);

    public static UpstreamError Validation(string message) => new(422, "unprocessable_entity", "ValidationError", message);

    public static UpstreamError NotFound(string message) => new(404, "not_found", "NotFoundError", message);

    public static UpstreamError Unauthorized(string message) => new(401, "unauthorized", "UnauthorizedError", message);

    public JsonObject ToBody(string requestId) => new()
    {
        ["details"] = new JsonObject
        {
            ["success"] = false,
            ["error"] = new JsonObject { ["code"] = Code, ["message"] = Message, ["details"] = new JsonObject() },
        },
        ["message"] = Message,
        ["type"] = Type,
        ["success"] = false,
        ["requestId"] = requestId,
    };
}

/// <summary>Thrown inside a batch to refuse it whole; the batch's working copy is dropped.</summary>
internal sealed class UpstreamRefusal(UpstreamError error) : Exception(error.Message)
{
    public UpstreamError Error { get; } = error;
}
