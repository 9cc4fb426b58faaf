using System.Text.Json;
using Syncline.Protocol;

namespace Syncline.Client.Sync;

/// <summary>
/// Reads the body of a refused call in any form a server of the User Sync API sends, and never throws:
/// Syncline's one error shape, the bare <c>{"success":false,"error":{...}}</c> form, the gateway's
/// wrapped form (the service's error under <c>details</c>, a <c>requestId</c>, no <c>error.index</c>),
/// A refusal must reach the failed list or <see cref="SyncResult.Error"/> with the server's words, not
/// end the sync with an exception. A body that is not a JSON object (a proxy's HTML page) is not a
/// server's answer at all: <see cref="Describe"/> words it for a failed call that is tried again later.
/// </summary>
internal static class ErrorBody
{
    public static ErrorResponse? TryRead(ReadOnlySpan<byte> body, int status)
    {
        try
        {
            using var document = JsonDocument.Parse(body.ToArray());
            return document.RootElement.ValueKind == JsonValueKind.Object ? FromObject(document.RootElement, status) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>An unreadable body in one line: its status and the start of its text.</summary>
    public static string Describe(ReadOnlySpan<byte> body, int status)
    {
        const int Shown = 200;
        var text = System.Text.Encoding.UTF8.GetString(body).ReplaceLineEndings(" ").Trim();
        return text.Length == 0 ? $"unreadable {status} response with an empty body"
            : $"unreadable {status} response: {(text.Length > Shown ? string.Concat(text.AsSpan(0, Shown), "...") : text)}";
    }

    private static ErrorResponse FromObject(JsonElement root, int status)
    {
        // The innermost error object carries the service's own code and message.
        var error = Member(root, "error") ?? Member(Member(root, "details"), "error");
        var message = Text(error, "message") ?? Text(root, "message") ?? $"HTTP {status}";
        var code = Text(error, "code") ?? Text(root, "type") ?? $"Http{status}";
        var detail = new ErrorDetail(
            code,
            message,
            LastMutationAt: Number(error, "lastMutationAt"),
            Index: Number(error, "index") is { } index and >= 0 and <= int.MaxValue ? (int)index : null,
            RequestId: Text(error, "requestId") ?? Text(root, "requestId"));
        return new ErrorResponse(false, Text(root, "type") ?? code, message, detail);
    }

    private static JsonElement? Member(JsonElement? parent, string name) =>
        parent is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object
            ? value : null;

    private static string? Text(JsonElement? parent, string name) =>
        parent is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            && !string.IsNullOrWhiteSpace(value.GetString())
            ? value.GetString() : null;

    private static long? Number(JsonElement? parent, string name) =>
        parent is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
            && value.TryGetInt64(out var number)
            ? number : null;
}
