using System.Text;
using Microsoft.Data.Sqlite;
using Syncline.Protocol;

namespace Syncline.Server.Storage.Sqlite;

/// <summary>
/// A pull on SQLite: the user's head and horizon, and one page of the current-state table, one entry per
/// resource changed since the cursor, with its latest data and timestamp (the rules are in migration 003).
/// The caller holds one read transaction, so all of it is one snapshot.
/// </summary>
internal static class SqliteChanges
{
    private const string Link = ResourceNames.CollectionBookmark;

    // The columns of StoredRows.LogColumns, computed from the resource row.
    private const string Entry = $"""
        ts,
        CASE WHEN deleted = 1 THEN 'DELETE' WHEN created_ts > $since OR resource = '{Link}' THEN 'CREATE' ELSE 'UPDATE' END,
        resource,
        CASE WHEN resource = '{Link}' THEN NULL ELSE id END,
        CASE WHEN deleted = 0 THEN data
             WHEN resource = '{Link}' THEN json_object('collectionId', collection_id, 'bookmarkId', bookmark_id)
             ELSE '{"{}"}' END
        """;

    private const string Hidden = "(deleted = 1 AND created_ts > $since)";

    public static async Task<TResult> ReadAsync<TResult>(
        SqliteConnection connection, LogQuery query, Func<LogSnapshot, CancellationToken, Task<TResult>> read, CancellationToken ct)
    {
        var (head, horizon) = await ReadUserAsync(connection, query.UserId, ct);
        if (query.Resources is { Count: 0 })
        {
            return await read(new LogSnapshot(head, 0, false, horizon, AsyncEnumerable.Empty<LogEntry>()), ct);
        }

        var filter = ResourceFilter(query.Resources);
        long changed, hidden;
        await using (var count = connection.CreateCommand())
        {
            count.CommandText = $"SELECT COUNT(*), COALESCE(SUM({Hidden}), 0) FROM resources WHERE user_id = $u AND ts > $since{filter}";
            AddQueryParameters(count, query);
            await using var counts = await count.ExecuteReaderAsync(ct);
            await counts.ReadAsync(ct);
            (changed, hidden) = (counts.GetInt64(0), counts.GetInt64(1));
        }

        await using var page = connection.CreateCommand();
        var offset = (long)(query.Page - 1) * query.Limit;
        page.CommandText = query.ByPageNumber
            ? $"""
               SELECT {Entry} FROM (
                   SELECT * FROM resources WHERE user_id = $u AND ts > $since{filter}
                   ORDER BY created_ts, resource, id LIMIT $limit OFFSET $offset)
               WHERE NOT {Hidden} ORDER BY ts
               """
            : $"SELECT {Entry} FROM resources WHERE user_id = $u AND ts > $since AND NOT {Hidden}{filter} ORDER BY ts LIMIT $limit OFFSET $offset";
        AddQueryParameters(page, query);
        page.Parameters.AddWithValue("$limit", query.Limit);
        page.Parameters.AddWithValue("$offset", offset);
        await using var reader = await page.ExecuteReaderAsync(ct);
        var total = changed - hidden;
        // A keyset page holds min(limit, what is left) entries, so whether more follow is known before reading it.
        var hasMore = query.ByPageNumber ? offset + query.Limit < changed : offset + query.Limit < total;
        return await read(new LogSnapshot(head, total, hasMore, horizon, StoredRows.ReadLogAsync(reader, ct)), ct);
    }

    public static async Task<(long Head, long Horizon)> ReadUserAsync(SqliteConnection connection, string userId, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT head, horizon FROM users WHERE user_id = $u";
        command.Parameters.AddWithValue("$u", userId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (reader.GetInt64(0), reader.GetInt64(1)) : (0, 0);
    }

    /// <summary>Resource names are validated before they get here; they are still bound as parameters.</summary>
    private static string ResourceFilter(IReadOnlyCollection<string>? resources)
    {
        if (resources is null)
        {
            return string.Empty;
        }

        var filter = new StringBuilder(" AND resource IN (");
        for (var i = 0; i < resources.Count; i++)
        {
            filter.Append(i == 0 ? "$r0" : $", $r{i}");
        }

        return filter.Append(')').ToString();
    }

    private static void AddQueryParameters(SqliteCommand command, LogQuery query)
    {
        command.Parameters.AddWithValue("$u", query.UserId);
        command.Parameters.AddWithValue("$since", query.Since);
        var i = 0;
        foreach (var resource in query.Resources ?? [])
        {
            command.Parameters.AddWithValue($"$r{i++}", resource);
        }
    }
}
