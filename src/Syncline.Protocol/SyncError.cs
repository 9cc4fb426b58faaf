using System.Text.Json.Serialization;

namespace Syncline.Protocol;

/// <summary>The one error body of the protocol (PROTOCOL.md section 5).</summary>
/// <param name="Success">Always false.</param>
/// <param name="Type">The error type, such as <c>conflict</c>.</param>
/// <param name="Message">A human-readable message.</param>
/// <param name="Error">The machine-readable detail.</param>
public sealed record ErrorResponse(bool Success, string Type, string Message, ErrorDetail Error);

/// <summary>The <c>error</c> member of an error body.</summary>
/// <param name="Code">The error code, such as <c>OutOfSyncError</c>.</param>
/// <param name="Message">The same message as the body's.</param>
/// <param name="LastMutationAt">The user's head, on a 409 and a 410.</param>
/// <param name="Index">The index of the offending mutation, on an item's 404 or 422 (a quota refusal included).</param>
/// <param name="RequestId">The request id, on a 500, to find it in the server's logs.</param>
public sealed record ErrorDetail(
    string Code,
    string Message,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? LastMutationAt = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Index = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RequestId = null);

/// <summary>The kinds of error, each with its HTTP status, <c>type</c> and <c>error.code</c>.</summary>
public enum SyncErrorKind
{
    /// <summary>400: malformed JSON, missing or non-numeric query parameter.</summary>
    BadRequest,

    /// <summary>401: no, bad or expired token.</summary>
    Unauthorized,

    /// <summary>403: a missing scope.</summary>
    Forbidden,

    /// <summary>404: an UPDATE, DELETE or link target that is missing or another user's.</summary>
    NotFound,

    /// <summary>409: stale <c>lastMutationAt</c>.</summary>
    Conflict,

    /// <summary>410: <c>mutationsSince</c> is older than the history the server keeps; pull again from 0.</summary>
    Gone,

    /// <summary>413: body over the limit.</summary>
    PayloadTooLarge,

    /// <summary>422: an invalid item or parameter.</summary>
    Validation,

    /// <summary>429: over the per-user request rate.</summary>
    RateLimited,

    /// <summary>500: a failure of the server.</summary>
    Internal,

    /// <summary>422: an item would take the user over a storage quota (records or bytes); <c>error.index</c> names it.</summary>
    QuotaExceeded,
}

/// <summary>Maps each <see cref="SyncErrorKind"/> to its status, type and code.</summary>
public static class SyncErrorKinds
{
    /// <summary>The HTTP status code of an error kind.</summary>
    public static int Status(this SyncErrorKind kind) => kind switch
    {
        SyncErrorKind.BadRequest => 400,
        SyncErrorKind.Unauthorized => 401,
        SyncErrorKind.Forbidden => 403,
        SyncErrorKind.NotFound => 404,
        SyncErrorKind.Conflict => 409,
        SyncErrorKind.Gone => 410,
        SyncErrorKind.PayloadTooLarge => 413,
        SyncErrorKind.Validation => 422,
        SyncErrorKind.RateLimited => 429,
        SyncErrorKind.QuotaExceeded => 422,
        _ => 500,
    };

    /// <summary>The body's <c>type</c> of an error kind.</summary>
    public static string TypeName(this SyncErrorKind kind) => kind switch
    {
        SyncErrorKind.BadRequest => "invalid_request",
        SyncErrorKind.Unauthorized => "unauthorized",
        SyncErrorKind.Forbidden => "forbidden",
        SyncErrorKind.NotFound => "not_found",
        SyncErrorKind.Conflict => "conflict",
        SyncErrorKind.Gone => "gone",
        SyncErrorKind.PayloadTooLarge => "payload_too_large",
        SyncErrorKind.Validation => "unprocessable_entity",
        SyncErrorKind.RateLimited => "rate_limit_exceeded",
        SyncErrorKind.QuotaExceeded => "quota_exceeded",
        _ => "internal_server_error",
    };

    /// <summary>The body's <c>error.code</c> of an error kind.</summary>
    public static string Code(this SyncErrorKind kind) => kind switch
    {
        SyncErrorKind.BadRequest => "BadRequest",
        SyncErrorKind.Unauthorized => "Unauthorized",
        SyncErrorKind.Forbidden => "Forbidden",
        SyncErrorKind.NotFound => "NotFound",
        SyncErrorKind.Conflict => "OutOfSyncError",
        SyncErrorKind.Gone => "CursorTooOld",
        SyncErrorKind.PayloadTooLarge => "PayloadTooLarge",
        SyncErrorKind.Validation => "ValidationError",
        SyncErrorKind.RateLimited => "RateLimited",
        SyncErrorKind.QuotaExceeded => "QuotaExceeded",
        _ => "InternalError",
    };

    /// <summary>Builds the error body for a kind and message.</summary>
    public static ErrorResponse ToResponse(
        this SyncErrorKind kind, string message, long? lastMutationAt = null, int? index = null, string? requestId = null) =>
        new(false, kind.TypeName(), message, new ErrorDetail(kind.Code(), message, lastMutationAt, index, requestId));
}
