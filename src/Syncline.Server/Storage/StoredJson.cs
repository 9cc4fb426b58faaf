using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Syncline.Server.Storage;

/// <summary>
/// The JSON text of resource data, as stored and as served (pulls copy it raw): every character
/// that JSON allows raw stays raw UTF-8, so an emoji costs its 4 bytes, not the 12 of
/// <c>\uD83D\uDE00</c>. Only what JSON requires is escaped: the quote, the backslash and the
/// control characters; a lone surrogate (not text) keeps its <c>\uXXXX</c> escape.
/// </summary>
/// <remarks>
/// The usual escaping of non-ASCII text protects JSON pasted into HTML or a script. This text is
/// only ever sent as <c>application/json</c> and parsed as JSON, where raw UTF-8 is plain text
/// (RFC 8259 section 8.1). <see cref="JavaScriptEncoder.UnsafeRelaxedJsonEscaping"/> is not enough
/// on its own: it still escapes every character outside the Basic Multilingual Plane, emoji included.
/// Rows written before this stay as they are: escaped JSON is valid JSON.
/// </remarks>
internal static class StoredJson
{
    // Property names are the protocol's field names; the relaxed encoder keeps any other name readable.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Text(JsonNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var output = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(output, WriterOptions))
        {
            Write(json, node);
        }

        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    private static void Write(Utf8JsonWriter json, JsonNode? node)
    {
        switch (node)
        {
            case null:
                json.WriteNullValue();
                break;
            case JsonObject obj:
                json.WriteStartObject();
                foreach (var (name, value) in obj)
                {
                    json.WritePropertyName(name);
                    Write(json, value);
                }

                json.WriteEndObject();
                break;
            case JsonArray array:
                json.WriteStartArray();
                foreach (var item in array)
                {
                    Write(json, item);
                }

                json.WriteEndArray();
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                WriteString(json, value.GetValue<string>());
                break;
            default:
                node.WriteTo(json);
                break;
        }
    }

    private static void WriteString(Utf8JsonWriter json, string text)
    {
        // At most 6 bytes per UTF-16 unit (\uXXXX), and the two quotes.
        var buffer = ArrayPool<byte>.Shared.Rent((text.Length * 6) + 2);
        try
        {
            var length = 0;
            buffer[length++] = (byte)'"';
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (c is '"' or '\\')
                {
                    buffer[length++] = (byte)'\\';
                    buffer[length++] = (byte)c;
                }
                else if (c < 0x20)
                {
                    length += Escape(c, buffer.AsSpan(length));
                }
                else if (c < 0x80)
                {
                    buffer[length++] = (byte)c;
                }
                else if (Rune.TryGetRuneAt(text, i, out var rune))
                {
                    length += rune.EncodeToUtf8(buffer.AsSpan(length));
                    i += rune.Utf16SequenceLength - 1;
                }
                else
                {
                    length += Escape(c, buffer.AsSpan(length));
                }
            }

            buffer[length++] = (byte)'"';
            json.WriteRawValue(buffer.AsSpan(0, length), skipInputValidation: true);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static int Escape(char c, Span<byte> output)
    {
        var shortForm = c switch
        {
            '\b' => 'b',
            '\f' => 'f',
            '\n' => 'n',
            '\r' => 'r',
            '\t' => 't',
            _ => '\0',
        };
        output[0] = (byte)'\\';
        if (shortForm != '\0')
        {
            output[1] = (byte)shortForm;
            return 2;
        }

        output[1] = (byte)'u';
        ((int)c).TryFormat(output[2..6], out _, "X4", System.Globalization.CultureInfo.InvariantCulture);
        return 6;
    }
}
