using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace Syncline.Client.Store;

/// <summary>A local write waiting to be pushed. <see cref="ResourceId"/> may still be a local id.</summary>
internal sealed record QueuedMutation(
    long Id, string Type, string Resource, string ResourceId, JsonObject Data, long CreatedAt, int RetryCount, string? LastError, string? BatchKey);

/// <summary>The persisted queue of local writes, oldest first.</summary>
internal static class MutationQueue
{
    private const string Columns = "id, type, resource, resource_id, data, created_at, retry_count, last_error, batch_key";

    public static Task EnqueueAsync(this SqliteConnection connection, string type, string resource, string resourceId, JsonObject data, long createdAt, CancellationToken ct) =>
        connection.ExecuteAsync(
            "INSERT INTO mutation_queue (type, resource, resource_id, data, created_at) VALUES ($t, $r, $id, $d, $at)",
            ct, ("$t", type), ("$r", resource), ("$id", resourceId), ("$d", data.ToJsonString()), ("$at", createdAt));

    public static Task<List<QueuedMutation>> QueuedAsync(this SqliteConnection connection, CancellationToken ct) =>
        connection.QueryAsync($"SELECT {Columns} FROM mutation_queue ORDER BY id", Read, ct);

    public static Task<List<QueuedMutation>> QueuedInBatchAsync(this SqliteConnection connection, string batchKey, CancellationToken ct) =>
        connection.QueryAsync($"SELECT {Columns} FROM mutation_queue WHERE batch_key = $b", Read, ct, ("$b", batchKey));

    public static Task<List<QueuedMutation>> QueuedLinksAsync(this SqliteConnection connection, CancellationToken ct) =>
        connection.QueryAsync($"SELECT {Columns} FROM mutation_queue WHERE resource = 'COLLECTION_BOOKMARK' ORDER BY id", Read, ct);

    public static Task<List<QueuedMutation>> QueuedForAsync(this SqliteConnection connection, string resource, string resourceId, CancellationToken ct) =>
        connection.QueryAsync($"SELECT {Columns} FROM mutation_queue WHERE resource = $r AND resource_id = $id ORDER BY id", Read, ct, ("$r", resource), ("$id", resourceId));

    /// <summary>
    /// Unsent mutations in push order (collections and bookmarks, then links, then notes and reading sessions; oldest first
    /// within each), read until <paramref name="max"/> of them pass <paramref name="ready"/>.
    /// </summary>
    public static async Task<List<QueuedMutation>> NextUnsentAsync(this SqliteConnection connection, Func<QueuedMutation, bool> ready, int max, CancellationToken ct)
    {
        var chosen = new List<QueuedMutation>(max);
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {Columns} FROM mutation_queue WHERE batch_key IS NULL
            ORDER BY CASE resource WHEN 'COLLECTION' THEN 0 WHEN 'BOOKMARK' THEN 0 WHEN 'COLLECTION_BOOKMARK' THEN 1 ELSE 2 END, id
            """;
        using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (chosen.Count < max && await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            var mutation = Read(reader);
            if (ready(mutation))
            {
                chosen.Add(mutation);
            }
        }

        return chosen;
    }

    /// <summary>The records that have queued mutations (sent or not).</summary>
    public static async Task<HashSet<(string Resource, string Id)>> QueuedRecordsAsync(this SqliteConnection connection, CancellationToken ct) =>
        [.. await connection.QueryAsync("SELECT DISTINCT resource, resource_id FROM mutation_queue", r => (r.GetString(0), r.GetString(1)), ct).ConfigureAwait(false)];

    public static Task<long> PendingCountAsync(this SqliteConnection connection, CancellationToken ct) =>
        connection.ScalarAsync<long>("SELECT COUNT(*) FROM mutation_queue", ct);

    public static Task RemoveQueuedAsync(this SqliteConnection connection, long id, CancellationToken ct) =>
        connection.ExecuteAsync("DELETE FROM mutation_queue WHERE id = $id", ct, ("$id", id));

    public static Task ReplaceQueuedAsync(this SqliteConnection connection, QueuedMutation mutation, CancellationToken ct) =>
        connection.ExecuteAsync(
            "UPDATE mutation_queue SET type = $t, resource_id = $rid, data = $d, retry_count = $rc, last_error = $e, batch_key = $b WHERE id = $id",
            ct, ("$t", mutation.Type), ("$rid", mutation.ResourceId), ("$d", mutation.Data.ToJsonString()),
            ("$rc", mutation.RetryCount), ("$e", mutation.LastError), ("$b", mutation.BatchKey), ("$id", mutation.Id));

    /// <summary>A CREATE was acknowledged: the queued mutations of the record name it by the server's id.</summary>
    public static Task RenameQueuedAsync(this SqliteConnection connection, string resource, string localId, string serverId, CancellationToken ct) =>
        connection.ExecuteAsync(
            "UPDATE mutation_queue SET resource_id = $s WHERE resource = $r AND resource_id = $l", ct, ("$s", serverId), ("$r", resource), ("$l", localId));

    public static Task ClearQueueAsync(this SqliteConnection connection, CancellationToken ct) =>
        connection.ExecuteAsync("DELETE FROM mutation_queue", ct);

    private static QueuedMutation Read(SqliteDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        JsonNode.Parse(reader.GetString(4))!.AsObject(),
        reader.GetInt64(5),
        reader.GetInt32(6),
        reader.IsDBNull(7) ? null : reader.GetString(7),
        reader.IsDBNull(8) ? null : reader.GetString(8));
}
