using System.Text.Json.Nodes;

namespace Syncline.Testing.Upstream;

/// <summary>A live record as the emulated server holds it, for tests to inspect; <see cref="Data"/> is a copy.</summary>
/// <param name="Resource">The resource name, e.g. <c>NOTE</c>.</param>
/// <param name="Id">The server id; for a link, the composite <c>{collectionId}-{bookmarkId}</c>.</param>
/// <param name="Data">The stored fields.</param>
/// <param name="Timestamp">The time of its latest mutation.</param>
public sealed record UpstreamRecord(string Resource, string Id, JsonObject Data, long Timestamp);
