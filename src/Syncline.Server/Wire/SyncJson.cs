using System.Buffers;
using System.Text.Json;

namespace Syncline.Server.Wire;

/// <summary>
/// Writes the success bodies of the sync endpoints (PROTOCOL.md section 3): the head, a push's
/// acknowledgements, and the envelope and entries of a pull page, which the pull endpoint streams as
/// they are read. Pull and push share one envelope and one entry writer, so both say them the same way.
/// Stored data is JSON text already, so it is copied raw instead of being parsed and serialized again.
/// The push response is rendered inside the push transaction, which keeps it for
/// <c>Idempotency-Key</c> replay: so it lives here, below the storage, not with the endpoints.
/// </summary>
internal static class SyncJson
{
    public static void WriteHead(IBufferWriter<byte> output, long head)
    {
        using var json = new Utf8JsonWriter(output);
        StartEnvelope(json, head);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    public static string PushResponse(long head, IReadOnlyList<SyncAck> acks)
    {
        var output = new ArrayBufferWriter<byte>(256 + (acks.Count * 192));
        using (var json = new Utf8JsonWriter(output))
        {
            StartMutations(json, head);
            foreach (var ack in acks)
            {
                WriteMutation(json, ack.Type, ack.Resource, ack.ResourceId, ack.Data, ack.Timestamp);
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(output.WrittenSpan);
    }

    /// <summary>
    /// Opens a body that lists mutations, up to the open <c>mutations</c> array; the caller writes the
    /// entries, closes the array, adds what follows it in <c>data</c>, and closes <c>data</c> and the body.
    /// </summary>
    public static void StartMutations(Utf8JsonWriter json, long head)
    {
        StartEnvelope(json, head);
        json.WriteStartArray("mutations");
    }

    /// <summary>One entry of <c>mutations</c>. A link's log entry has no <c>resourceId</c> (null): the field is left out.</summary>
    public static void WriteMutation(Utf8JsonWriter json, string type, string resource, string? resourceId, string data, long timestamp)
    {
        json.WriteStartObject();
        json.WriteString("type", type);
        json.WriteString("resource", resource);
        if (resourceId is not null)
        {
            json.WriteString("resourceId", resourceId);
        }

        json.WritePropertyName("data");
        json.WriteRawValue(data, skipInputValidation: true);
        json.WriteNumber("timestamp", timestamp);
        json.WriteEndObject();
    }

    private static void StartEnvelope(Utf8JsonWriter json, long head)
    {
        json.WriteStartObject();
        json.WriteBoolean("success", true);
        json.WriteStartObject("data");
        json.WriteNumber("lastMutationAt", head);
    }
}
