using System.Text.Json.Nodes;

namespace Syncline.Client;

/// <summary>A local change the server refused for good, or that lost a conflict: retry it or discard it.</summary>
/// <param name="Id">The failed entry's id, for <see cref="FailedMutations.RetryAsync"/> and <see cref="FailedMutations.DiscardAsync"/>.</param>
/// <param name="Type">CREATE, UPDATE or DELETE.</param>
/// <param name="Resource">The resource name.</param>
/// <param name="ResourceId">The record's id (local or server).</param>
/// <param name="Data">The fields the change carried.</param>
/// <param name="CreatedAt">When the change was made on this device.</param>
/// <param name="Reason">Why it failed, in the server's words where it gave some.</param>
/// <param name="FailedAt">When it moved to the failed list.</param>
public sealed record FailedMutation(
    long Id, string Type, string Resource, string ResourceId, JsonObject Data, DateTimeOffset CreatedAt, string Reason, DateTimeOffset FailedAt);
