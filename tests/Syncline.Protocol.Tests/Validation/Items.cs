using System.Text.Json;
using System.Text.Json.Nodes;
using Syncline.Protocol.Validation;

namespace Syncline.Protocol.Tests.Validation;

/// <summary>Builds push items from JSON text and runs them through <see cref="MutationValidator"/>.</summary>
internal static class Items
{
    public static ItemValidation Validate(string item, int index = 0)
    {
        using var document = JsonDocument.Parse(item);
        return MutationValidator.Validate(document.RootElement, index);
    }

    /// <summary>Validates an item that must pass; returns the canonical mutation.</summary>
    public static ValidMutation Accepted(string item, int index = 0)
    {
        var outcome = Validate(item, index);
        Assert.Null(outcome.Error);
        return Assert.IsType<ValidMutation>(outcome.Mutation);
    }

    /// <summary>Validates an item that must be refused; returns the message.</summary>
    public static string Refused(string item, int index = 0)
    {
        var outcome = Validate(item, index);
        Assert.Null(outcome.Mutation);
        return Assert.IsType<string>(outcome.Error);
    }

    public static string Create(string resource, string data) =>
        $$"""{"type":"CREATE","resource":"{{resource}}","data":{{data}}}""";

    public static string Update(string resource, string resourceId, string data) =>
        $$"""{"type":"UPDATE","resource":"{{resource}}","resourceId":"{{resourceId}}","data":{{data}}}""";

    public static string Delete(string resource, string resourceId) =>
        $$"""{"type":"DELETE","resource":"{{resource}}","resourceId":"{{resourceId}}"}""";

    /// <summary>Asserts that <paramref name="actual"/> holds exactly the fields of <paramref name="expected"/>, in any order.</summary>
    public static void FieldsAre(string expected, JsonObject actual) =>
        Assert.True(
            JsonNode.DeepEquals(JsonNode.Parse(expected), actual),
            $"Expected fields {expected}, got {actual.ToJsonString()}");

    /// <summary>An id as the server assigns them: 24 lowercase alphanumeric characters.</summary>
    public const string Id = "j1rnpmr1zu3ytynk6e0w5zp0";

    /// <summary>Another server id.</summary>
    public const string OtherId = "u54maufl0ftmarp73ei0hg64";
}
