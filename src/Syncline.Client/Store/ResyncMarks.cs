using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace Syncline.Client.Store;

/// <summary>
/// The persisted state of a full resync: the flag on <c>sync_metadata</c> and, on each record the
/// server had confirmed when it began, whether the resync has seen it yet (migration 007).
/// </summary>
internal static class ResyncMarks
{
    /// <summary>
    /// Starts (or starts over) a resync: the cursor goes back to 0 and every record the server had
    /// confirmed is unseen. Records made here and never pushed are no candidates: the server never had them.
    /// </summary>
    public static async Task BeginResyncAsync(this SqliteConnection connection, FullResyncReason reason, CancellationToken ct)
    {
        await connection.ExecuteAsync("UPDATE sync_metadata SET last_mutation_at = 0, resyncing = $why WHERE id = 1", ct, ("$why", (long)reason)).ConfigureAwait(false);
        await connection.ExecuteAsync("UPDATE resources SET resync_unseen = CASE WHEN server_timestamp IS NULL THEN 0 ELSE 1 END", ct).ConfigureAwait(false);
    }

    /// <summary>Marks the records a pulled page names as seen: the server still has them (or just sent their DELETE).</summary>
    public static Task MarkSeenAsync(this SqliteConnection connection, IEnumerable<(string Resource, string Id)> records, CancellationToken ct)
    {
        var list = new JsonArray([.. records.Select(r => (JsonNode?)new JsonArray(r.Resource, r.Id))]).ToJsonString();
        return connection.ExecuteAsync(
            """
            UPDATE resources SET resync_unseen = 0
            WHERE resync_unseen = 1 AND (resource, id) IN (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each($records))
            """,
            ct,
            ("$records", list));
    }

    /// <summary>The records no page of the resync named, with their data; parents before links, as the server orders a cascade.</summary>
    public static Task<List<LocalResource>> UnseenAsync(this SqliteConnection connection, CancellationToken ct) =>
        connection.QueryAsync(
            $"""
            SELECT {ResourceRows.Columns} FROM resources WHERE resync_unseen = 1
            ORDER BY CASE resource WHEN 'COLLECTION_BOOKMARK' THEN 1 ELSE 0 END, resource, id
            """,
            ResourceRows.Read,
            ct);

    /// <summary>Ends the resync: nothing is left unseen and the next pull is an ordinary one.</summary>
    public static async Task EndResyncAsync(this SqliteConnection connection, CancellationToken ct)
    {
        await connection.ExecuteAsync("UPDATE resources SET resync_unseen = 0 WHERE resync_unseen = 1", ct).ConfigureAwait(false);
        await connection.ExecuteAsync("UPDATE sync_metadata SET resyncing = 0 WHERE id = 1", ct).ConfigureAwait(false);
    }

    /// <summary>The server version of each of <paramref name="records"/> this device holds, by record.</summary>
    public static async Task<Dictionary<(string Resource, string Id), long>> ServerVersionsAsync(
        this SqliteConnection connection, IEnumerable<(string Resource, string Id)> records, CancellationToken ct)
    {
        var list = new JsonArray([.. records.Select(r => (JsonNode?)new JsonArray(r.Resource, r.Id))]).ToJsonString();
        var rows = await connection.QueryAsync(
            """
            SELECT resource, id, server_timestamp FROM resources
            WHERE server_timestamp IS NOT NULL AND (resource, id) IN (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each($records))
            """,
            r => (Key: (r.GetString(0), r.GetString(1)), Timestamp: r.GetInt64(2)),
            ct,
            ("$records", list)).ConfigureAwait(false);
        return rows.ToDictionary(r => r.Key, r => r.Timestamp);
    }
}
