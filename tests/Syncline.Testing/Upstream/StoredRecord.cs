using System.Text.Json.Nodes;

namespace Syncline.Testing.Upstream;

/// <summary>The latest version of one resource, and when it was created and last changed.</summary>
internal sealed class StoredRecord(string resource, string id, JsonObject data, long createdAt, long timestamp)
{
    public string Resource { get; } = resource;

    public string Id { get; } = id;

    public JsonObject Data { get; set; } = data;

    public long CreatedAt { get; set; } = createdAt;

    public long Timestamp { get; set; } = timestamp;

    public bool Deleted { get; set; }

    public StoredRecord Clone() => new(Resource, Id, (JsonObject)Data.DeepClone(), CreatedAt, Timestamp) { Deleted = Deleted };
}
