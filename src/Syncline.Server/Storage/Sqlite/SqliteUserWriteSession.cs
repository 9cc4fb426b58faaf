using Microsoft.Data.Sqlite;

namespace Syncline.Server.Storage.Sqlite;

/// <summary>
/// One user's write transaction on SQLite, on the store's writer connection. Its commands are
/// prepared once for the store's lifetime (<paramref name="commands"/>) and reused by every push.
/// </summary>
internal sealed class SqliteUserWriteSession(
    SqliteConnection connection, SqliteTransaction transaction, Dictionary<string, SqliteCommand> commands, string userId, long head, Usage usage)
    : IUserWriteSession
{
    private const string RowColumns = StoredRows.ResourceColumns;

    public long Head => head;

    public Usage Usage => usage;

    public async Task<StoredReply?> FindReplyAsync(string idempotencyKey, long notBefore, CancellationToken cancellationToken)
    {
        var command = Command("SELECT body_hash, head, response, compressed, created_at FROM idempotency WHERE user_id = $u AND key = $k AND created_at >= $t");
        command.Parameters["$k"].Value = idempotencyKey;
        command.Parameters["$t"].Value = notBefore;
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

    public async Task SaveReplyAsync(StoredReply reply, long expiredBefore, CancellationToken cancellationToken)
    {
        var purge = Command("DELETE FROM idempotency WHERE user_id = $u AND created_at < $t");
        purge.Parameters["$t"].Value = expiredBefore;
        await purge.ExecuteNonQueryAsync(cancellationToken);

        var save = Command("INSERT OR REPLACE INTO idempotency (user_id, key, body_hash, head, response, compressed, created_at) VALUES ($u, $k, $h, $head, $r, 1, $t)");
        save.Parameters["$k"].Value = reply.Key;
        save.Parameters["$h"].Value = reply.BodyHash;
        save.Parameters["$head"].Value = reply.Head;
        save.Parameters["$r"].Value = ReplyCompression.Compress(reply.Response);
        save.Parameters["$t"].Value = reply.CreatedAt;
        await save.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task<ResourceRow?> FindAsync(string resource, string id, CancellationToken cancellationToken)
    {
        var command = Command($"SELECT {RowColumns} FROM resources WHERE user_id = $u AND resource = $r AND id = $id");
        command.Parameters["$r"].Value = resource;
        command.Parameters["$id"].Value = id;
        return ReadOneAsync(command, cancellationToken);
    }

    public Task<ResourceRow?> FindLiveBookmarkAsync(string naturalKey, CancellationToken cancellationToken)
    {
        var command = Command($"SELECT {RowColumns} FROM resources WHERE user_id = $u AND bookmark_key = $k");
        command.Parameters["$k"].Value = naturalKey;
        return ReadOneAsync(command, cancellationToken);
    }

    public Task<ResourceRow?> FindReadingBookmarkAsync(CancellationToken cancellationToken) =>
        ReadOneAsync(Command($"SELECT {RowColumns} FROM resources WHERE user_id = $u AND is_reading = 1"), cancellationToken);

    public async Task<IReadOnlyList<ResourceRow>> FindLiveLinksAsync(string? collectionId, string? bookmarkId, CancellationToken cancellationToken)
    {
        var command = collectionId is not null
            ? Command($"SELECT {RowColumns} FROM resources WHERE user_id = $u AND collection_id = $c AND deleted = 0")
            : Command($"SELECT {RowColumns} FROM resources WHERE user_id = $u AND bookmark_id = $b AND deleted = 0");
        command.Parameters[collectionId is not null ? "$c" : "$b"].Value = collectionId ?? bookmarkId;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await StoredRows.ReadResourcesAsync(reader, cancellationToken);
    }

    /// <summary>
    /// created_ts is set once, by the first save with a timestamp (a row a push makes is saved with 0 first
    /// when its timestamp comes after the batch's items): a resource's first CREATE, kept when a link is created again.
    /// </summary>
    public async Task<Usage> SaveAsync(ResourceRow row, CancellationToken cancellationToken)
    {
        var previous = Command("SELECT deleted, length(CAST(data AS BLOB)) FROM resources WHERE user_id = $u AND resource = $r AND id = $id");
        previous.Parameters["$r"].Value = row.Resource;
        previous.Parameters["$id"].Value = row.Id;
        bool wasLive;
        long bytesBefore;
        await using (var reader = await previous.ExecuteReaderAsync(cancellationToken))
        {
            var found = await reader.ReadAsync(cancellationToken);
            wasLive = found && reader.GetInt64(0) == 0;
            bytesBefore = found ? reader.GetInt64(1) : 0;
        }

        var data = StoredJson.Text(row.Data);
        var command = Command("""
            INSERT INTO resources (user_id, resource, id, data, deleted, ts, bookmark_key, is_reading, collection_id, bookmark_id, created_ts)
            VALUES ($u, $r, $id, $data, $deleted, $ts, $bk, $reading, $c, $b, $ts)
            ON CONFLICT (user_id, resource, id) DO UPDATE SET
                data = excluded.data, deleted = excluded.deleted, ts = excluded.ts, bookmark_key = excluded.bookmark_key,
                is_reading = excluded.is_reading, collection_id = excluded.collection_id, bookmark_id = excluded.bookmark_id,
                created_ts = CASE WHEN resources.created_ts = 0 THEN excluded.created_ts ELSE resources.created_ts END
            """);
        command.Parameters["$r"].Value = row.Resource;
        command.Parameters["$id"].Value = row.Id;
        command.Parameters["$data"].Value = data;
        command.Parameters["$deleted"].Value = row.Deleted ? 1 : 0;
        command.Parameters["$ts"].Value = row.Timestamp;
        command.Parameters["$bk"].Value = (object?)row.BookmarkKey ?? DBNull.Value;
        command.Parameters["$reading"].Value = row.IsReading ? 1 : 0;
        command.Parameters["$c"].Value = (object?)row.CollectionId ?? DBNull.Value;
        command.Parameters["$b"].Value = (object?)row.BookmarkId ?? DBNull.Value;
        await command.ExecuteNonQueryAsync(cancellationToken);
        return Usage.Change(wasLive, bytesBefore, !row.Deleted, System.Text.Encoding.UTF8.GetByteCount(data));
    }

    public async Task AppendAsync(LogEntry entry, CancellationToken cancellationToken)
    {
        var command = Command("INSERT INTO log (user_id, ts, type, resource, resource_id, data) VALUES ($u, $ts, $type, $r, $id, $data)");
        command.Parameters["$ts"].Value = entry.Timestamp;
        command.Parameters["$type"].Value = entry.Type;
        command.Parameters["$r"].Value = entry.Resource;
        command.Parameters["$id"].Value = (object?)entry.ResourceId ?? DBNull.Value;
        command.Parameters["$data"].Value = entry.Data;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task SetHeadAsync(long newHead, Usage newUsage, CancellationToken cancellationToken)
    {
        var command = Command("""
            INSERT INTO users (user_id, head, live_records, live_bytes) VALUES ($u, $head, $records, $bytes)
            ON CONFLICT (user_id) DO UPDATE SET head = excluded.head, live_records = excluded.live_records, live_bytes = excluded.live_bytes
            """);
        command.Parameters["$head"].Value = newHead;
        command.Parameters["$records"].Value = newUsage.Records;
        command.Parameters["$bytes"].Value = newUsage.Bytes;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The prepared command for <paramref name="sql"/> (created with its parameters on first use), bound to this session.</summary>
    private SqliteCommand Command(string sql)
    {
        if (!commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var name in ParameterNames(sql))
            {
                command.Parameters.Add(new SqliteParameter(name, null));
            }

            commands[sql] = command;
        }

        command.Transaction = transaction;
        command.Parameters["$u"].Value = userId;
        return command;
    }

    private static IEnumerable<string> ParameterNames(string sql) =>
        System.Text.RegularExpressions.Regex.Matches(sql, @"\$[a-z]+").Select(m => m.Value).Distinct();

    private static async Task<ResourceRow?> ReadOneAsync(SqliteCommand command, CancellationToken ct)
    {
        await using var reader = await command.ExecuteReaderAsync(ct);
        return (await StoredRows.ReadResourcesAsync(reader, ct)).SingleOrDefault();
    }
}
