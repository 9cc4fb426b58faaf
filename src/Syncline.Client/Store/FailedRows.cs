using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace Syncline.Client.Store;

/// <summary>The persisted failed list: mutations moved out of the queue, with why.</summary>
internal static class FailedRows
{
    private const string Columns = "id, type, resource, resource_id, data, created_at, reason, failed_at";

    public static async Task MoveToFailedAsync(this SqliteConnection connection, QueuedMutation mutation, string reason, long now, CancellationToken ct)
    {
        var record = await connection.GetAsync(mutation.Resource, mutation.ResourceId, ct).ConfigureAwait(false);
        await connection.ExecuteAsync(
            "INSERT INTO failed_mutations (type, resource, resource_id, data, created_at, reason, failed_at, record) VALUES ($t, $r, $id, $d, $at, $why, $now, $rec)",
            ct, ("$t", mutation.Type), ("$r", mutation.Resource), ("$id", mutation.ResourceId), ("$d", mutation.Data.ToJsonString()),
            ("$at", mutation.CreatedAt), ("$why", reason), ("$now", now), ("$rec", record?.Data.ToJsonString())).ConfigureAwait(false);
        await connection.RemoveQueuedAsync(mutation.Id, ct).ConfigureAwait(false);
    }

    public static Task<List<FailedMutation>> FailedAsync(this SqliteConnection connection, CancellationToken ct) =>
        connection.QueryAsync($"SELECT {Columns} FROM failed_mutations ORDER BY id", Read, ct);

    public static async Task<FailedMutation?> FailedByIdAsync(this SqliteConnection connection, long id, CancellationToken ct) =>
        (await connection.QueryAsync($"SELECT {Columns} FROM failed_mutations WHERE id = $id", Read, ct, ("$id", id)).ConfigureAwait(false)).SingleOrDefault();

    /// <summary>The whole record as it was when the change failed, if it existed then.</summary>
    public static async Task<JsonObject?> FailedRecordAsync(this SqliteConnection connection, long id, CancellationToken ct) =>
        await connection.ScalarAsync<string?>("SELECT record FROM failed_mutations WHERE id = $id", ct, ("$id", id)).ConfigureAwait(false) is { } json
            ? JsonNode.Parse(json)!.AsObject()
            : null;

    public static Task RemoveFailedAsync(this SqliteConnection connection, long id, CancellationToken ct) =>
        connection.ExecuteAsync("DELETE FROM failed_mutations WHERE id = $id", ct, ("$id", id));

    public static Task<long> FailedCountAsync(this SqliteConnection connection, CancellationToken ct) =>
        connection.ScalarAsync<long>("SELECT COUNT(*) FROM failed_mutations", ct);

    /// <summary>A CREATE was acknowledged: the failed entries of the record name it by the server's id.</summary>
    public static Task RenameFailedAsync(this SqliteConnection connection, string resource, string localId, string serverId, CancellationToken ct) =>
        connection.ExecuteAsync(
            "UPDATE failed_mutations SET resource_id = $s WHERE resource = $r AND resource_id = $l", ct, ("$s", serverId), ("$r", resource), ("$l", localId));

    public static Task ClearFailedAsync(this SqliteConnection connection, CancellationToken ct) =>
        connection.ExecuteAsync("DELETE FROM failed_mutations", ct);

    private static FailedMutation Read(SqliteDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        JsonNode.Parse(reader.GetString(4))!.AsObject(),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
        reader.GetString(6),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7)));
}
