using System.Text.Json;
using Syncline.Protocol;

namespace Syncline.Simulation.Tests.PropertyBased;

/// <summary>
/// Structural equality of the wire records. The records' own <c>Equals</c> cannot serve: a
/// <see cref="JsonElement"/> compares by the document it points into, and a list by reference.
/// Here a <see cref="JsonElement"/> is equal when its JSON is (<see cref="JsonElement.DeepEquals"/>),
/// a list when its items are, in order; everything else is compared field by field.
/// </summary>
internal static class WireEquality
{
    public static bool Same(SyncMutation a, SyncMutation b) =>
        (a.Type, a.Resource, a.ResourceId, a.Timestamp) == (b.Type, b.Resource, b.ResourceId, b.Timestamp)
        && JsonElement.DeepEquals(a.Data, b.Data);

    public static bool Same(PullPage a, PullPage b) =>
        (a.LastMutationAt, a.Page, a.Limit, a.Total, a.HasMore) == (b.LastMutationAt, b.Page, b.Limit, b.Total, b.HasMore)
        && Same(a.Mutations, b.Mutations, Same);

    public static bool Same(PushResult a, PushResult b) =>
        a.LastMutationAt == b.LastMutationAt && Same(a.Mutations, b.Mutations, Same);

    public static bool Same(MutationRequest a, MutationRequest b) =>
        (a.Type, a.Resource, a.ResourceId) == (b.Type, b.Resource, b.ResourceId)
        && (a.Data, b.Data) switch
        {
            (null, null) => true,
            ({ } x, { } y) => JsonElement.DeepEquals(x, y),
            _ => false,
        };

    public static bool Same(PushRequest a, PushRequest b) => Same(a.Mutations, b.Mutations, Same);

    // ErrorResponse and ErrorDetail hold only strings and numbers: their record equality is structural.
    public static bool Same(ErrorResponse a, ErrorResponse b) => a == b;

    private static bool Same<T>(IReadOnlyList<T> a, IReadOnlyList<T> b, Func<T, T, bool> same) =>
        a.Count == b.Count && a.Zip(b).All(pair => same(pair.First, pair.Second));
}
