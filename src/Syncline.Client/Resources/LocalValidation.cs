using System.Text.Json;
using System.Text.Json.Nodes;
using Syncline.Protocol.Validation;

namespace Syncline.Client.Resources;

/// <summary>
/// Checks a local write with the protocol's own rules before it is stored, so a change the server
/// would refuse for its shape never enters the queue.
/// </summary>
internal static class LocalValidation
{
    public static JsonObject Fields(string type, string resource, string? resourceId, JsonObject data)
    {
        var item = new JsonObject { ["type"] = type, ["resource"] = resource, ["data"] = data.DeepClone() };
        if (resourceId is not null)
        {
            item["resourceId"] = resourceId;
        }

        using var document = JsonDocument.Parse(item.ToJsonString());
        var outcome = MutationValidator.Validate(document.RootElement, 0);
        if (outcome.Error is { } error)
        {
            throw new SynclineValidationException(error.Replace(" at mutation[0]", string.Empty, StringComparison.Ordinal));
        }

        return outcome.Mutation!.Fields;
    }
}
