using System.Text.Json.Nodes;

namespace Syncline.Protocol.Validation;

/// <summary>A push item that passed the shape and field rules, in canonical form.</summary>
/// <param name="Index">Its position in the request.</param>
/// <param name="Type">CREATE, UPDATE or DELETE (upper case).</param>
/// <param name="Resource">The resource name (upper case).</param>
/// <param name="ResourceId">The target id (UPDATE and DELETE; a COLLECTION_BOOKMARK carries its keys in <paramref name="Fields"/>).</param>
/// <param name="Fields">The recognised fields only, aliases resolved; CREATE defaults filled in.</param>
internal sealed record ValidMutation(int Index, string Type, string Resource, string? ResourceId, JsonObject Fields);

/// <summary>The outcome of validating one push item: a mutation or an error message.</summary>
/// <param name="Mutation">The valid mutation, or null.</param>
/// <param name="Error">The message (already naming <c>mutation[N]</c>), or null.</param>
internal readonly record struct ItemValidation(ValidMutation? Mutation, string? Error)
{
    internal static ItemValidation Fail(string message, int index) => new(null, $"{message} at mutation[{index}]");
}
