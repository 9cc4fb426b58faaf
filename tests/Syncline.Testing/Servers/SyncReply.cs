using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Syncline.Testing.Servers;

/// <summary>A response: status, headers, and the JSON body.</summary>
public sealed record SyncReply(HttpStatusCode Status, HttpResponseHeaders Headers, string Text, JsonObject? Body)
{
    public JsonObject Data => Body!["data"]!.AsObject();

    public long Head => Data["lastMutationAt"]!.GetValue<long>();

    public List<JsonObject> Mutations => [.. Data["mutations"]!.AsArray().Select(m => m!.AsObject())];

    public JsonObject Error => Body!["error"]!.AsObject();

    public string ErrorMessage => Body!["message"]!.GetValue<string>();

    public long? MutationAtHeader =>
        Headers.TryGetValues("X-Mutation-At", out var values) ? long.Parse(values.Single(), System.Globalization.CultureInfo.InvariantCulture) : null;

    public static async Task<SyncReply> ReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        JsonObject? body = null;
        if (text.Length > 0 && text[0] == '{')
        {
            body = JsonNode.Parse(text)!.AsObject();
        }

        return new SyncReply(response.StatusCode, response.Headers, text, body);
    }

    public override string ToString() => $"{(int)Status} {Text}";
}
