using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace Syncline.Simulation.Tests.Support;

/// <summary>
/// A user's whole mutation log, read from a SQLite server's database file, as wire entries. Pulls serve the
/// current state (one entry per resource), so what a judge of history needs (every write, every delete, in
/// order) comes from the log itself. Nothing is pruned while a test runs (retention is 30 days).
/// </summary>
internal static class ServerLogFile
{
    public static async Task<List<JsonObject>> ReadAsync(string dataDirectory, string userId, CancellationToken ct)
    {
        var path = Path.Combine(dataDirectory, "syncline.db");
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT ts, type, resource, resource_id, data FROM log WHERE user_id = $u ORDER BY ts";
        command.Parameters.AddWithValue("$u", userId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var entries = new List<JsonObject>();
        while (await reader.ReadAsync(ct))
        {
            var entry = new JsonObject { ["type"] = reader.GetString(1), ["resource"] = reader.GetString(2) };
            if (!reader.IsDBNull(3))
            {
                entry["resourceId"] = reader.GetString(3);
            }

            entry["data"] = JsonNode.Parse(reader.GetString(4));
            entry["timestamp"] = reader.GetInt64(0);
            entries.Add(entry);
        }

        return entries;
    }
}
