using Npgsql;

namespace Syncline.Server.Storage.Postgres;

/// <summary>
/// One user's push transaction on PostgreSQL, holding the user's row lock. State rows are written
/// through (later items read them); log entries and the head are buffered and written at the end
/// in one round trip, since nothing in the push reads them back.
/// </summary>
internal sealed class PostgresUserWriteSession(NpgsqlConnection connection, NpgsqlTransaction transaction, string userId, long head, Usage usage)
    : IUserWriteSession
{
    private const string RowColumns = StoredRows.ResourceColumns;
    private readonly List<LogEntry> _pendingLog = [];
    private readonly List<StoredReply> _pendingReplies = [];
    private (long Head, Usage Usage)? _pendingHead;
    private long _expiredBefore;

    public long Head => head;

    public Usage Usage => usage;

    public async Task<StoredReply?> FindReplyAsync(string idempotencyKey, long notBefore, CancellationToken cancellationToken)
    {
        await using var command = Command(
            "SELECT body_hash, head, response, compressed, created_at FROM idempotency WHERE user_id = $1 AND key = $2 AND created_at >= $3",
            idempotencyKey, notBefore);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new StoredReply(
                idempotencyKey,
                reader.GetString(0),
                reader.GetInt64(1),
                ReplyCompression.Decompress(reader.GetFieldValue<byte[]>(2), reader.GetBoolean(3)),
                reader.GetInt64(4))
            : null;
    }

    public Task SaveReplyAsync(StoredReply reply, long expiredBefore, CancellationToken cancellationToken)
    {
        _pendingReplies.Add(reply);
        _expiredBefore = expiredBefore;
        return Task.CompletedTask;
    }

    public Task<ResourceRow?> FindAsync(string resource, string id, CancellationToken cancellationToken) =>
        ReadOneAsync($"SELECT {RowColumns} FROM resources WHERE user_id = $1 AND resource = $2 AND id = $3", cancellationToken, resource, id);

    public Task<ResourceRow?> FindLiveBookmarkAsync(string naturalKey, CancellationToken cancellationToken) =>
        ReadOneAsync($"SELECT {RowColumns} FROM resources WHERE user_id = $1 AND bookmark_key = $2", cancellationToken, naturalKey);

    public Task<ResourceRow?> FindReadingBookmarkAsync(CancellationToken cancellationToken) =>
        ReadOneAsync($"SELECT {RowColumns} FROM resources WHERE user_id = $1 AND is_reading", cancellationToken);

    public async Task<IReadOnlyList<ResourceRow>> FindLiveLinksAsync(string? collectionId, string? bookmarkId, CancellationToken cancellationToken)
    {
        await using var command = collectionId is not null
            ? Command($"SELECT {RowColumns} FROM resources WHERE user_id = $1 AND collection_id = $2 AND NOT deleted", collectionId)
            : Command($"SELECT {RowColumns} FROM resources WHERE user_id = $1 AND bookmark_id = $2 AND NOT deleted", bookmarkId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await StoredRows.ReadResourcesAsync(reader, cancellationToken);
    }

    /// <summary>
    /// One round trip: the statement's snapshot is taken before its INSERT runs, so <c>previous</c>
    /// sees the row as it was, and the usage change comes back with the upsert. created_ts is set once,
    /// by the first save with a timestamp (see the SQLite session).
    /// </summary>
    public async Task<Usage> SaveAsync(ResourceRow row, CancellationToken cancellationToken)
    {
        var data = StoredJson.Text(row.Data);
        await using var command = Command(
            """
            WITH previous AS (
                SELECT deleted, octet_length(data) AS bytes FROM resources WHERE user_id = $1 AND resource = $2 AND id = $3
            ), saved AS (
                INSERT INTO resources (user_id, resource, id, data, deleted, ts, bookmark_key, is_reading, collection_id, bookmark_id, created_ts)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $6)
                ON CONFLICT (user_id, resource, id) DO UPDATE SET
                    data = excluded.data, deleted = excluded.deleted, ts = excluded.ts, bookmark_key = excluded.bookmark_key,
                    is_reading = excluded.is_reading, collection_id = excluded.collection_id, bookmark_id = excluded.bookmark_id,
                    created_ts = CASE WHEN resources.created_ts = 0 THEN excluded.created_ts ELSE resources.created_ts END
            )
            SELECT deleted, bytes FROM previous
            """,
            row.Resource, row.Id, data, row.Deleted, row.Timestamp, row.BookmarkKey, row.IsReading, row.CollectionId, row.BookmarkId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var found = await reader.ReadAsync(cancellationToken);
        var wasLive = found && !reader.GetBoolean(0);
        var bytesBefore = found ? reader.GetInt32(1) : 0;
        return Usage.Change(wasLive, bytesBefore, !row.Deleted, System.Text.Encoding.UTF8.GetByteCount(data));
    }

    public Task AppendAsync(LogEntry entry, CancellationToken cancellationToken)
    {
        _pendingLog.Add(entry);
        return Task.CompletedTask;
    }

    public Task SetHeadAsync(long newHead, Usage newUsage, CancellationToken cancellationToken)
    {
        _pendingHead = (newHead, newUsage);
        return Task.CompletedTask;
    }

    /// <summary>Writes the buffered log entries, reply and head in one round trip, before the commit.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        if (_pendingLog.Count > 0)
        {
            var insert = new NpgsqlBatchCommand(
                "INSERT INTO log (user_id, ts, type, resource, resource_id, data) SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[])");
            insert.Parameters.Add(new NpgsqlParameter { Value = userId });
            insert.Parameters.Add(new NpgsqlParameter { Value = _pendingLog.Select(e => e.Timestamp).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter { Value = _pendingLog.Select(e => e.Type).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter { Value = _pendingLog.Select(e => e.Resource).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter { Value = _pendingLog.Select(e => e.ResourceId).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter { Value = _pendingLog.Select(e => e.Data).ToArray() });
            batch.BatchCommands.Add(insert);
        }

        if (_pendingHead is var (newHead, newUsage))
        {
            batch.BatchCommands.Add(BatchCommand(
                "UPDATE users SET head = $2, live_records = $3, live_bytes = $4 WHERE user_id = $1", newHead, newUsage.Records, newUsage.Bytes));
        }

        foreach (var reply in _pendingReplies)
        {
            batch.BatchCommands.Add(BatchCommand("DELETE FROM idempotency WHERE user_id = $1 AND created_at < $2", _expiredBefore));
            batch.BatchCommands.Add(BatchCommand(
                """
                INSERT INTO idempotency (user_id, key, body_hash, head, response, compressed, created_at) VALUES ($1, $2, $3, $4, $5, true, $6)
                ON CONFLICT (user_id, key) DO UPDATE SET body_hash = excluded.body_hash, head = excluded.head,
                    response = excluded.response, compressed = excluded.compressed, created_at = excluded.created_at
                """,
                reply.Key, reply.BodyHash, reply.Head, ReplyCompression.Compress(reply.Response), reply.CreatedAt));
        }

        if (batch.BatchCommands.Count > 0)
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private NpgsqlCommand Command(string sql, params object?[] values)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = userId });
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        return command;
    }

    private NpgsqlBatchCommand BatchCommand(string sql, params object?[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = userId });
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        return command;
    }

    private async Task<ResourceRow?> ReadOneAsync(string sql, CancellationToken ct, params object?[] values)
    {
        await using var command = Command(sql, values);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return (await StoredRows.ReadResourcesAsync(reader, ct)).SingleOrDefault();
    }
}
