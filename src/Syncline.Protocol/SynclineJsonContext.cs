using System.Text.Json;
using System.Text.Json.Serialization;

namespace Syncline.Protocol;

/// <summary>Source-generated System.Text.Json metadata for every wire type (camelCase).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(SyncEnvelope<PullPage>))]
[JsonSerializable(typeof(SyncEnvelope<SyncHead>))]
[JsonSerializable(typeof(SyncEnvelope<PushResult>))]
[JsonSerializable(typeof(PushRequest))]
[JsonSerializable(typeof(ErrorResponse))]
public sealed partial class SynclineJsonContext : JsonSerializerContext;
