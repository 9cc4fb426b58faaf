using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Syncline.Protocol;
using Syncline.Protocol.Validation;

namespace Syncline.Client.Store;

/// <summary>A row of the local <c>resources</c> table.</summary>
internal sealed record LocalResource(
    string Resource, string Id, JsonObject Data, SyncStatus Status, long LocalUpdatedAt, long? ServerTimestamp, JsonObject? ServerData = null, long? CreatedAt = null)
{
    /// <summary>The id of a link's row: the composite id of the collection and bookmark its data names.</summary>
    public static string LinkId(JsonObject data) =>
        LinkRules.CompositeId(data["collectionId"]!.GetValue<string>(), data["bookmarkId"]!.GetValue<string>());

    public string? CollectionId => Resource == ResourceNames.CollectionBookmark ? Data["collectionId"]?.GetValue<string>() : null;

    public string? BookmarkId => Resource == ResourceNames.CollectionBookmark ? Data["bookmarkId"]?.GetValue<string>() : null;

    /// <summary>For a visible bookmark, its <c>(mushaf, type, key, verseNumber)</c>: one bookmark per place.</summary>
    public string? BookmarkKey => Resource == ResourceNames.Bookmark && Status != SyncStatus.PendingDelete ? BookmarkRules.NaturalKey(Data) : null;
}

/// <summary>Reads and writes <see cref="LocalResource"/> rows, on a connection the caller owns.</summary>
internal static class ResourceRows
{
    internal const string Columns = "resource, id, data, sync_status, local_updated_at, server_timestamp, server_data, created_at";

    // Creation order, the same on every device once records are synced.
    private const string ListOrder = "ORDER BY COALESCE(created_at, local_updated_at), id";

    public static async Task<LocalResource?> GetAsync(this SqliteConnection connection, string resource, string id, CancellationToken ct) =>
        (await connection.QueryAsync($"SELECT {Columns} FROM resources WHERE resource = $r AND id = $id", Read, ct, ("$r", resource), ("$id", id))
            .ConfigureAwait(false)).SingleOrDefault();

    /// <summary>A row the app can see (not pending delete), or null.</summary>
    public static async Task<LocalResource?> VisibleAsync(this SqliteConnection connection, string resource, string id, CancellationToken ct) =>
        await connection.GetAsync(resource, id, ct).ConfigureAwait(false) is { Status: not SyncStatus.PendingDelete } row ? row : null;

    /// <summary>A row the app can see, or the not-found error a write on it gives.</summary>
    public static async Task<LocalResource> RequireAsync(this SqliteConnection connection, string resource, string id, CancellationToken ct) =>
        await connection.VisibleAsync(resource, id, ct).ConfigureAwait(false)
        ?? throw new SynclineNotFoundException($"No {resource.ToLowerInvariant().Replace('_', ' ')} {id}");

    /// <summary>
    /// Shows again the links a local DELETE of this collection or bookmark hid, when that DELETE is
    /// undone: those the server still has (server data known) with nothing of their own queued.
    /// </summary>
    public static Task RestoreLinksAsync(this SqliteConnection connection, string resource, string id, CancellationToken ct) =>
        resource is not (ResourceNames.Collection or ResourceNames.Bookmark)
            ? Task.CompletedTask
            : connection.ExecuteAsync(
                $"""
                UPDATE resources SET sync_status = 'synced'
                WHERE {(resource == ResourceNames.Collection ? "collection_id" : "bookmark_id")} = $id
                  AND sync_status = 'pending_delete' AND server_data IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM mutation_queue q WHERE q.resource = 'COLLECTION_BOOKMARK' AND q.resource_id = resources.id)
                """,
                ct,
                ("$id", id));

    /// <summary>Visible rows of one resource (pending deletes hidden), oldest first.</summary>
    public static Task<List<LocalResource>> ListAsync(this SqliteConnection connection, string resource, CancellationToken ct) =>
        connection.QueryAsync(
            $"SELECT {Columns} FROM resources WHERE resource = $r AND sync_status <> 'pending_delete' {ListOrder}",
            Read, ct, ("$r", resource));

    public static Task<List<LocalResource>> LinksAsync(this SqliteConnection connection, string? collectionId, string? bookmarkId, CancellationToken ct) =>
        collectionId is not null
            ? connection.QueryAsync($"SELECT {Columns} FROM resources WHERE collection_id = $c AND sync_status <> 'pending_delete' {ListOrder}", Read, ct, ("$c", collectionId))
            : connection.QueryAsync($"SELECT {Columns} FROM resources WHERE bookmark_id = $b AND sync_status <> 'pending_delete' {ListOrder}", Read, ct, ("$b", bookmarkId));

    /// <summary>Which of <paramref name="ids"/> have a row (any status), in one query.</summary>
    public static async Task<HashSet<string>> ExistingAsync(this SqliteConnection connection, string resource, IEnumerable<string> ids, CancellationToken ct)
    {
        var list = new System.Text.Json.Nodes.JsonArray([.. ids.Select(id => (JsonNode?)JsonValue.Create(id))]).ToJsonString();
        var found = await connection.QueryAsync(
            "SELECT id FROM resources WHERE resource = $r AND id IN (SELECT value FROM json_each($ids))", r => r.GetString(0), ct, ("$r", resource), ("$ids", list))
            .ConfigureAwait(false);
        return [.. found];
    }

    /// <summary>
    /// Stores the server's version of a record with no local changes, straight from its JSON text
    /// (no DOM): the fast path of a pull. The local update time of an existing row is kept.
    /// </summary>
    public static Task SaveServerVersionAsync(
        this SqliteConnection connection, string resource, string id, System.Text.Json.JsonElement data, long serverTimestamp, long now, CancellationToken ct)
    {
        var json = data.GetRawText();
        string? collectionId = null, bookmarkId = null, bookmarkKey = null;
        if (resource == ResourceNames.CollectionBookmark)
        {
            collectionId = data.GetProperty("collectionId").GetString();
            bookmarkId = data.GetProperty("bookmarkId").GetString();
        }
        else if (resource == ResourceNames.Bookmark)
        {
            bookmarkKey = BookmarkRules.NaturalKey(data);
        }

        return connection.ExecuteAsync(
            """
            INSERT INTO resources (resource, id, data, sync_status, local_updated_at, server_timestamp, server_data, collection_id, bookmark_id, bookmark_key, created_at)
            VALUES ($r, $id, $data, 'synced', $now, $server, $data, $c, $b, $k, $server)
            ON CONFLICT (resource, id) DO UPDATE SET data = excluded.data, sync_status = 'synced',
                server_timestamp = excluded.server_timestamp, server_data = excluded.server_data,
                collection_id = excluded.collection_id, bookmark_id = excluded.bookmark_id, bookmark_key = excluded.bookmark_key
            """,
            ct,
            ("$r", resource), ("$id", id), ("$data", json), ("$now", now), ("$server", serverTimestamp),
            ("$c", collectionId), ("$b", bookmarkId), ("$k", bookmarkKey));
    }

    public static async Task<LocalResource?> BookmarkAtAsync(this SqliteConnection connection, string bookmarkKey, CancellationToken ct) =>
        (await connection.QueryAsync($"SELECT {Columns} FROM resources WHERE bookmark_key = $k", Read, ct, ("$k", bookmarkKey)).ConfigureAwait(false))
            .FirstOrDefault();

    public static Task SaveAsync(this SqliteConnection connection, LocalResource row, CancellationToken ct) =>
        connection.ExecuteAsync(
            """
            INSERT INTO resources (resource, id, data, sync_status, local_updated_at, server_timestamp, server_data, collection_id, bookmark_id, bookmark_key, created_at)
            VALUES ($r, $id, $data, $status, $local, $server, $sd, $c, $b, $k, $ca)
            ON CONFLICT (resource, id) DO UPDATE SET data = excluded.data, sync_status = excluded.sync_status,
                local_updated_at = excluded.local_updated_at, server_timestamp = excluded.server_timestamp, server_data = excluded.server_data,
                created_at = COALESCE(excluded.created_at, resources.created_at),
                collection_id = excluded.collection_id, bookmark_id = excluded.bookmark_id, bookmark_key = excluded.bookmark_key
            """,
            ct,
            ("$r", row.Resource), ("$id", row.Id), ("$data", row.Data.ToJsonString()), ("$status", StatusName(row.Status)),
            ("$local", row.LocalUpdatedAt), ("$server", row.ServerTimestamp), ("$sd", row.ServerData?.ToJsonString()), ("$c", row.CollectionId), ("$b", row.BookmarkId), ("$k", row.BookmarkKey), ("$ca", row.CreatedAt));

    /// <summary>Deletes a row; whether there was one.</summary>
    public static async Task<bool> RemoveAsync(this SqliteConnection connection, string resource, string id, CancellationToken ct) =>
        await connection.ExecuteAsync("DELETE FROM resources WHERE resource = $r AND id = $id", ct, ("$r", resource), ("$id", id)).ConfigureAwait(false) > 0;

    /// <summary>The ids of the links (any status) that name this collection or bookmark.</summary>
    public static Task<List<string>> LinkIdsOfAsync(this SqliteConnection connection, string resource, string id, CancellationToken ct) =>
        connection.QueryAsync(
            $"SELECT id FROM resources WHERE resource = 'COLLECTION_BOOKMARK' AND {(resource == ResourceNames.Collection ? "collection_id" : "bookmark_id")} = $id",
            r => r.GetString(0), ct, ("$id", id));

    /// <summary>The records the server holds (server data known) that have queued mutations.</summary>
    public static async Task<HashSet<(string Resource, string Id)>> OnServerWithQueuedAsync(this SqliteConnection connection, CancellationToken ct) =>
        [.. await connection.QueryAsync(
            """
            SELECT resource, id FROM resources
            WHERE server_data IS NOT NULL
              AND EXISTS (SELECT 1 FROM mutation_queue q WHERE q.resource = resources.resource AND q.resource_id = resources.id)
            """,
            r => (r.GetString(0), r.GetString(1)),
            ct).ConfigureAwait(false)];

    /// <summary>
    /// Up to two visible bookmarks at a place by their stored fields; <paramref name="mushaf"/> null matches any mushaf.
    /// </summary>
    public static Task<List<string>> BookmarksAtAsync(this SqliteConnection connection, string type, int key, int? verse, int? mushaf, CancellationToken ct) =>
        connection.QueryAsync(
            """
            SELECT id FROM resources
            WHERE resource = 'BOOKMARK' AND sync_status <> 'pending_delete'
              AND json_extract(data, '$.type') = $t AND json_extract(data, '$.key') = $k AND json_extract(data, '$.verseNumber') IS $v
              AND ($m IS NULL OR json_extract(data, '$.mushaf') = $m)
            LIMIT 2
            """,
            r => r.GetString(0), ct, ("$t", type), ("$k", key), ("$v", verse), ("$m", mushaf));

    /// <summary>Deletes the records the server never confirmed (made here, never acknowledged).</summary>
    public static Task RemoveUnconfirmedAsync(this SqliteConnection connection, CancellationToken ct) =>
        connection.ExecuteAsync("DELETE FROM resources WHERE server_timestamp IS NULL", ct);

    /// <summary>Deletes the synced records with nothing queued: what came from the server and nothing else holds.</summary>
    public static Task RemoveServerOnlyAsync(this SqliteConnection connection, CancellationToken ct) =>
        connection.ExecuteAsync(
            """
            DELETE FROM resources WHERE sync_status = 'synced'
              AND NOT EXISTS (SELECT 1 FROM mutation_queue q WHERE q.resource = resources.resource AND q.resource_id = resources.id)
            """,
            ct);

    public static Task ClearResourcesAsync(this SqliteConnection connection, CancellationToken ct) =>
        connection.ExecuteAsync("DELETE FROM resources", ct);

    public static string StatusName(SyncStatus status) => status switch
    {
        SyncStatus.PendingCreate => "pending_create",
        SyncStatus.PendingUpdate => "pending_update",
        SyncStatus.PendingDelete => "pending_delete",
        _ => "synced",
    };

    private static SyncStatus ParseStatus(string name) => name switch
    {
        "pending_create" => SyncStatus.PendingCreate,
        "pending_update" => SyncStatus.PendingUpdate,
        "pending_delete" => SyncStatus.PendingDelete,
        _ => SyncStatus.Synced,
    };

    internal static LocalResource Read(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        JsonNode.Parse(reader.GetString(2))!.AsObject(),
        ParseStatus(reader.GetString(3)),
        reader.GetInt64(4),
        reader.IsDBNull(5) ? null : reader.GetInt64(5),
        reader.IsDBNull(6) ? null : JsonNode.Parse(reader.GetString(6))!.AsObject(),
        reader.IsDBNull(7) ? null : reader.GetInt64(7));
}
