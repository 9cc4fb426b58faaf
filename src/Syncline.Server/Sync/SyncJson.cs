using System.Buffers;
using System.Text.Json;
using Syncline.Server.Storage;

namespace Syncline.Server.Sync;

/// <summary>
/// Writes the success bodies of the sync endpoints. Stored data is JSON text already, so it is
/// copied raw instead of being parsed and serialized again: that is what makes large pulls cheap.
/// </summary>
internal static class SyncJson
{
    public static void WritePullPage(IBufferWriter<byte> output, LogPage page, int pageNumber, int limit, bool hasMore)
    {
        using var json = new Utf8JsonWriter(output);
        json.WriteStartObject();
        json.WriteBoolean("success", true);
        json.WriteStartObject("data");
        json.WriteNumber("lastMutationAt", page.Head);
        json.WriteStartArray("mutations");
        foreach (var entry in page.Entries)
        {
            json.WriteStartObject();
            json.WriteString("type", entry.Type);
            json.WriteString("resource", entry.Resource);
            if (entry.ResourceId is not null)
            {
                json.WriteString("resourceId", entry.ResourceId);
            }

            json.WritePropertyName("data");
            json.WriteRawValue(entry.Data, skipInputValidation: true);
            json.WriteNumber("timestamp", entry.Timestamp);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteNumber("page", pageNumber);
        json.WriteNumber("limit", limit);
        json.WriteNumber("total", page.Total);
        json.WriteBoolean("hasMore", hasMore);
        json.WriteEndObject();
        json.WriteEndObject();
    }

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
