using Npgsql;
using Syncline.Protocol;

namespace Syncline.Server.Storage.Postgres;

/// <summary>
/// A pull on PostgreSQL: the user's head and horizon, the counts and one page of the current-state table,
/// one entry per resource changed since the cursor, with its latest data and timestamp (the rules are in
/// migration 002), in one round trip inside the caller's REPEATABLE READ snapshot.
/// </summary>
internal static class PostgresChanges
{
    private const string Link = ResourceNames.CollectionBookmark;

    // The columns of StoredRows.LogColumns, computed from the resource row.
    private const string Entry = $"""
        ts,
        CASE WHEN deleted THEN 'DELETE' WHEN created_ts > $2 OR resource = '{Link}' THEN 'CREATE' ELSE 'UPDATE' END,
        resource,
        CASE WHEN resource = '{Link}' THEN NULL ELSE id END,
        CASE WHEN NOT deleted THEN data
             WHEN resource = '{Link}' THEN json_build_object('collectionId', collection_id, 'bookmarkId', bookmark_id)::text
             ELSE '{"{}"}' END
        """;

    private const string Changed = "user_id = $1 AND ts > $2 AND ($3::text[] IS NULL OR resource = ANY($3))";
    private const string Hidden = "(deleted AND created_ts > $2)";

    public static async Task<TResult> ReadAsync<TResult>(
        NpgsqlConnection connection, NpgsqlTransaction snapshot, LogQuery query, Func<LogSnapshot, CancellationToken, Task<TResult>> read, CancellationToken ct)
    {
        long head = 0, horizon = 0;
        await using (var user = new NpgsqlCommand("SELECT head, horizon FROM users WHERE user_id = $1", connection, snapshot))
        {
            user.Parameters.Add(new NpgsqlParameter { Value = query.UserId });
            await using var row = await user.ExecuteReaderAsync(ct);
            if (await row.ReadAsync(ct))
            {
                (head, horizon) = (row.GetInt64(0), row.GetInt64(1));
            }
        }

        if (query.Resources is { Count: 0 })
        {
            return await read(new LogSnapshot(head, 0, false, horizon, AsyncEnumerable.Empty<LogEntry>()), ct);
        }

        var offset = (long)(query.Page - 1) * query.Limit;
        var pageSql = query.ByPageNumber
            ? $"""
               SELECT {Entry} FROM (
                   SELECT * FROM resources WHERE {Changed}
                   ORDER BY created_ts, resource, id LIMIT $4 OFFSET $5) page
               WHERE NOT {Hidden} ORDER BY ts
               """
            : $"SELECT {Entry} FROM resources WHERE {Changed} AND NOT {Hidden} ORDER BY ts LIMIT $4 OFFSET $5";
        var resources = query.Resources?.ToArray();
        await using var batch = new NpgsqlBatch(connection, snapshot)
        {
            BatchCommands =
            {
                BatchCommand.Of($"SELECT count(*), count(*) FILTER (WHERE {Hidden}) FROM resources WHERE {Changed}", query.UserId, query.Since, resources),
                BatchCommand.Of(pageSql, query.UserId, query.Since, resources, query.Limit, offset),
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var (changed, hidden) = (reader.GetInt64(0), reader.GetInt64(1));
        await reader.NextResultAsync(ct);
        var total = changed - hidden;
        // A keyset page holds min(limit, what is left) entries, so whether more follow is known before reading it.
        var hasMore = query.ByPageNumber ? offset + query.Limit < changed : offset + query.Limit < total;
        return await read(new LogSnapshot(head, total, hasMore, horizon, StoredRows.ReadLogAsync(reader, ct)), ct);
    }
}
