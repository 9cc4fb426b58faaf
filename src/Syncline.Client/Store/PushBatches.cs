using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace Syncline.Client.Store;

/// <summary>
/// A persisted push: the exact body and key to send, and the queued mutations it carries, in order.
/// <see cref="FirstSentAt"/>, <see cref="LastSentAt"/>: local times of its first and latest send (when planned, until
/// sent). <see cref="Settling"/>: it is being settled by pulling its echoes and is never sent again (<see cref="Sync.BatchSettlement"/>).
/// </summary>
internal sealed record PushBatch(
    string IdempotencyKey, string Body, IReadOnlyList<QueuedMutation> Mutations, bool MaybeApplied = false, long FirstSentAt = 0, bool Settling = false, long LastSentAt = 0);

internal static class PushBatches
{
    /// <summary>The batch in flight, if a push was sent and not yet acknowledged (possibly before a crash).</summary>
    public static async Task<PushBatch?> InFlightAsync(this SqliteConnection connection, CancellationToken ct)
    {
        var row = (await connection.QueryAsync(
            "SELECT idempotency_key, body, mutation_ids, maybe_applied OR sending, COALESCE(first_sent_at, created_at), settling, COALESCE(last_sent_at, first_sent_at, created_at) FROM push_batches LIMIT 1",
            r => (Key: r.GetString(0), Body: r.GetString(1), Ids: r.GetString(2), MaybeApplied: r.GetInt64(3) != 0, FirstSentAt: r.GetInt64(4), Settling: r.GetInt64(5) != 0, LastSentAt: r.GetInt64(6)),
            ct).ConfigureAwait(false)).SingleOrDefault();
        if (row.Key is null)
        {
            return null;
        }

        var queued = (await connection.QueuedInBatchAsync(row.Key, ct).ConfigureAwait(false)).ToDictionary(m => m.Id);
        var ids = JsonNode.Parse(row.Ids)!.AsArray().Select(n => n!.GetValue<long>());
        return new PushBatch(row.Key, row.Body, [.. ids.Select(id => queued[id])], row.MaybeApplied, row.FirstSentAt, row.Settling, row.LastSentAt);
    }

    public static async Task SaveBatchAsync(this SqliteConnection connection, PushBatch batch, long now, CancellationToken ct)
    {
        var ids = new JsonArray([.. batch.Mutations.Select(m => (JsonNode?)JsonValue.Create(m.Id))]).ToJsonString();
        await connection.ExecuteAsync(
            "INSERT INTO push_batches (idempotency_key, body, mutation_ids, created_at) VALUES ($k, $b, $ids, $t)",
            ct, ("$k", batch.IdempotencyKey), ("$b", batch.Body), ("$ids", ids), ("$t", now)).ConfigureAwait(false);
        foreach (var mutation in batch.Mutations)
        {
            await connection.ExecuteAsync("UPDATE mutation_queue SET batch_key = $k WHERE id = $id", ct, ("$k", batch.IdempotencyKey), ("$id", mutation.Id)).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Records that a send is out: until its outcome is recorded, the batch may have been applied. A
    /// previous send whose outcome was never recorded (cut off mid-send) may have been, for good.
    /// </summary>
    public static Task MarkSendingAsync(this SqliteConnection connection, string idempotencyKey, long now, CancellationToken ct) =>
        connection.ExecuteAsync(
            "UPDATE push_batches SET maybe_applied = maybe_applied OR sending, sending = 1, first_sent_at = COALESCE(first_sent_at, $t), last_sent_at = $t WHERE idempotency_key = $k",
            ct, ("$k", idempotencyKey), ("$t", now));

    /// <summary>Whether any batch is stored (in flight or being settled).</summary>
    public static async Task<bool> HasBatchAsync(this SqliteConnection connection, CancellationToken ct) =>
        await connection.ScalarAsync<long>("SELECT EXISTS (SELECT 1 FROM push_batches)", ct).ConfigureAwait(false) != 0;

    /// <summary>From now on the batch is settled by pulling, never sent again.</summary>
    public static Task MarkSettlingAsync(this SqliteConnection connection, string idempotencyKey, CancellationToken ct) =>
        connection.ExecuteAsync("UPDATE push_batches SET settling = 1, sending = 0 WHERE idempotency_key = $k", ct, ("$k", idempotencyKey));

    /// <summary>Whether a batch is being settled by pulling (one cheap read per pull).</summary>
    public static async Task<bool> IsSettlingAsync(this SqliteConnection connection, CancellationToken ct) =>
        await connection.ScalarAsync<long>("SELECT COUNT(*) FROM push_batches WHERE settling = 1", ct).ConfigureAwait(false) > 0;

    /// <summary>
    /// A settling batch keeps only the mutations not settled yet; its body shrinks with them, so item i of
    /// the body stays what was sent for mutation i.
    /// </summary>
    public static async Task KeepInBatchAsync(this SqliteConnection connection, PushBatch batch, IReadOnlyList<int> kept, CancellationToken ct)
    {
        var items = JsonNode.Parse(batch.Body)!["mutations"]!.AsArray();
        var body = new JsonObject { ["mutations"] = new JsonArray([.. kept.Select(i => items[i]!.DeepClone())]) }.ToJsonString();
        var ids = new JsonArray([.. kept.Select(i => (JsonNode?)JsonValue.Create(batch.Mutations[i].Id))]).ToJsonString();
        await connection.ExecuteAsync(
            "UPDATE push_batches SET body = $b, mutation_ids = $ids WHERE idempotency_key = $k",
            ct, ("$k", batch.IdempotencyKey), ("$b", body), ("$ids", ids)).ConfigureAwait(false);
    }

    /// <summary>
    /// Records a send's outcome. <paramref name="maybeApplied"/>: it may have reached the server, so the
    /// batch stays until the server answers its Idempotency-Key.
    /// </summary>
    public static Task RecordSentAsync(this SqliteConnection connection, string idempotencyKey, bool maybeApplied, CancellationToken ct) =>
        connection.ExecuteAsync(
            "UPDATE push_batches SET sending = 0, maybe_applied = maybe_applied OR $maybe WHERE idempotency_key = $k",
            ct, ("$k", idempotencyKey), ("$maybe", maybeApplied ? 1 : 0));

    /// <summary>These mutations leave their batch and are unsent again (the batch's body and ids are rewritten by the caller).</summary>
    public static async Task ReleaseFromBatchAsync(this SqliteConnection connection, IEnumerable<long> mutationIds, CancellationToken ct)
    {
        foreach (var id in mutationIds)
        {
            await connection.ExecuteAsync("UPDATE mutation_queue SET batch_key = NULL WHERE id = $id", ct, ("$id", id)).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The server answered the latest send (a 409): that send is not on its way any more, so a pull that shows none of the
    /// batch settles it at once (<see cref="Sync.BatchSettlement"/> waits out the lost-push window only for a send nobody answered).
    /// </summary>
    public static Task RecordAnsweredAsync(this SqliteConnection connection, string idempotencyKey, CancellationToken ct) =>
        connection.ExecuteAsync("UPDATE push_batches SET last_sent_at = 0 WHERE idempotency_key = $k", ct, ("$k", idempotencyKey));

    /// <summary>Forgets the batch; its mutations that are still queued go back to being unsent.</summary>
    public static async Task DissolveBatchAsync(this SqliteConnection connection, string idempotencyKey, CancellationToken ct)
    {
        await connection.ExecuteAsync("UPDATE mutation_queue SET batch_key = NULL WHERE batch_key = $k", ct, ("$k", idempotencyKey)).ConfigureAwait(false);
        await connection.ExecuteAsync("DELETE FROM push_batches WHERE idempotency_key = $k", ct, ("$k", idempotencyKey)).ConfigureAwait(false);
    }

    /// <summary>Forgets any batch but one being settled by pulling; their queued mutations are unsent again.</summary>
    public static async Task DissolveAllBatchesAsync(this SqliteConnection connection, CancellationToken ct)
    {
        await connection.ExecuteAsync(
            "UPDATE mutation_queue SET batch_key = NULL WHERE batch_key IS NOT NULL AND batch_key NOT IN (SELECT idempotency_key FROM push_batches WHERE settling = 1)", ct).ConfigureAwait(false);
        await connection.ExecuteAsync("DELETE FROM push_batches WHERE settling = 0", ct).ConfigureAwait(false);
    }

    public static Task ClearBatchesAsync(this SqliteConnection connection, CancellationToken ct) =>
        connection.ExecuteAsync("DELETE FROM push_batches", ct);
}
