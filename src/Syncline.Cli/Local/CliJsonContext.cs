using System.Text.Json;
using System.Text.Json.Serialization;
using Syncline.Cli.Commands;

namespace Syncline.Cli.Local;

/// <summary>Every JSON the app reads or writes, source-generated.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Login))]
[JsonSerializable(typeof(List<IdAlias>))]
[JsonSerializable(typeof(ExportDocument))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
