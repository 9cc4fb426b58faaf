using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;

namespace Syncline.Server.Storage;

/// <summary>
/// Reads log entries and resource rows off any ADO.NET reader. Both stores select the same
/// columns in the same order (<see cref="LogColumns"/>, <see cref="ResourceColumns"/>), so they share this.
/// </summary>
internal static class StoredRows
{
    public const string LogColumns = "ts, type, resource, resource_id, data";
    public const string ResourceColumns = "resource, id, data, deleted, ts";

    /// <summary>The log entries of <paramref name="reader"/>, one row at a time: only the current entry is held.</summary>
    public static async IAsyncEnumerable<LogEntry> ReadLogAsync(DbDataReader reader, [EnumeratorCancellation] CancellationToken ct)
    {
        while (await reader.ReadAsync(ct))
        {
            yield return new LogEntry(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetString(4));
        }
    }

    public static async Task<List<ResourceRow>> ReadResourcesAsync(DbDataReader reader, CancellationToken ct)
    {
        var rows = new List<ResourceRow>();
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new ResourceRow(
                reader.GetString(0),
                reader.GetString(1),
                JsonNode.Parse(reader.GetString(2))!.AsObject(),
                reader.GetFieldValue<bool>(3),
                reader.GetInt64(4)));
        }

        return rows;
    }
}
