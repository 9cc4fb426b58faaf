using System.Buffers;
using System.Text.Json;

namespace Syncline.Server.Wire;

/// <summary>
/// Writes the small success bodies of the sync endpoints: the head, and a push's acknowledgements.
/// Stored data is JSON text already, so it is copied raw instead of being parsed and serialized
/// again. Pull pages, which can be large, are streamed by the pull endpoint as they are read.
/// The push response is rendered inside the push transaction, which keeps it for
/// <c>Idempotency-Key</c> replay: so it lives here, below the storage, not with the endpoints.
/// </summary>
internal static class SyncJson
{
    public static void WriteHead(IBufferWriter<byte> output, long head)
    {
        using var json = new Utf8JsonWriter(output);
        json.WriteStartObject();
        json.WriteBoolean("success", true);
        json.WriteStartObject("data");
        json.WriteNumber("lastMutationAt", head);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    public static string PushResponse(long head, IReadOnlyList<SyncAck> acks)
    {
        var output = new ArrayBufferWriter<byte>(256 + (acks.Count * 192));
        using (var json = new Utf8JsonWriter(output))
        {
            json.WriteStartObject();
            json.WriteBoolean("success", true);
            json.WriteStartObject("data");
            json.WriteNumber("lastMutationAt", head);
            json.WriteStartArray("mutations");
            foreach (var ack in acks)
            {
                json.WriteStartObject();
                json.WriteString("type", ack.Type);
                json.WriteString("resource", ack.Resource);
                json.WriteString("resourceId", ack.ResourceId);
                json.WritePropertyName("data");
                json.WriteRawValue(ack.Data, skipInputValidation: true);
                json.WriteNumber("timestamp", ack.Timestamp);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(output.WrittenSpan);
    }
}
