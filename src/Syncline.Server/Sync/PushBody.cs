using System.Security.Cryptography;
using System.Text.Json;
using Syncline.Protocol;
using Syncline.Protocol.Validation;
using Syncline.Server.Wire;

namespace Syncline.Server.Sync;

/// <summary>Reads a push body within the size limit and validates it whole (PROTOCOL.md section 3.2, checks 2 and 3).</summary>
internal static class PushBody
{
    /// <summary>Reads the body, or answers 413 as soon as it is known to be over <paramref name="maxBytes"/>.</summary>
    public static async Task<(byte[]? Body, IResult? Error)> ReadAsync(HttpRequest request, int maxBytes, CancellationToken ct)
    {
        if (request.ContentLength > maxBytes)
        {
            return (null, TooLarge(maxBytes));
        }

        using var buffer = new MemoryStream(request.ContentLength is { } length ? (int)length : 4096);
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return (null, TooLarge(maxBytes));
            }

            buffer.Write(chunk, 0, read);
        }

        return (buffer.ToArray(), null);
    }

    /// <summary>Parses and validates every item; the first failure answers (400 or 422) and nothing is applied.</summary>
    public static bool TryValidate(byte[] body, int maxBatchSize, out List<ValidMutation> mutations, out IResult? error)
    {
        mutations = [];
        error = null;

        // JsonDocument checks UTF-8 only in the strings it decodes: invalid bytes in a field the
        // server ignores would otherwise pass, and the body is not JSON text (RFC 8259 section 8.1).
        if (!System.Text.Unicode.Utf8.IsValid(body))
        {
            error = SyncErrors.Result(SyncErrorKind.BadRequest, "Malformed JSON body: not UTF-8");
            return false;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            error = SyncErrors.Result(SyncErrorKind.BadRequest, "Malformed JSON body");
            return false;
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("mutations", out var items)
                || items.ValueKind != JsonValueKind.Array
                || items.GetArrayLength() == 0)
            {
                error = SyncErrors.Result(SyncErrorKind.Validation, "Invalid mutations");
                return false;
            }

            if (items.GetArrayLength() > maxBatchSize)
            {
                error = SyncErrors.Result(SyncErrorKind.Validation, $"Mutations must not exceed {maxBatchSize}");
                return false;
            }

            var index = 0;
            foreach (var item in items.EnumerateArray())
            {
                var outcome = MutationValidator.Validate(item, index);
                if (outcome.Error is { } message)
                {
                    error = SyncErrors.Result(SyncErrorKind.Validation, message, index: index);
                    return false;
                }

                mutations.Add(outcome.Mutation!);
                index++;
            }
        }

        return true;
    }

    public static string Hash(byte[] body) => Convert.ToHexString(SHA256.HashData(body));

    private static IResult TooLarge(int maxBytes) =>
        SyncErrors.Result(SyncErrorKind.PayloadTooLarge, $"Request body exceeds {maxBytes} bytes");
}
