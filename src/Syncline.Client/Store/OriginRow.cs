using Microsoft.Data.Sqlite;

namespace Syncline.Client.Store;

/// <summary>Where a device's synced data came from: the server's address and the account (a JWT's subject; null when unknown).</summary>
internal sealed record SyncOrigin(string Server, string? Account);

/// <summary>The <see cref="SyncOrigin"/> of the local data, on the <c>sync_metadata</c> row (migration 009).</summary>
internal static class OriginRow
{
    public static async Task<SyncOrigin?> GetOriginAsync(this SqliteConnection connection, CancellationToken ct) =>
        (await connection.QueryAsync(
            "SELECT origin_server, origin_account FROM sync_metadata WHERE id = 1",
            r => r.IsDBNull(0) ? null : new SyncOrigin(r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1)),
            ct).ConfigureAwait(false)).Single();

    /// <summary>Records the origin; null forgets it, and the next sync records its own.</summary>
    public static Task SetOriginAsync(this SqliteConnection connection, SyncOrigin? origin, CancellationToken ct) =>
        connection.ExecuteAsync(
            "UPDATE sync_metadata SET origin_server = $s, origin_account = $a WHERE id = 1", ct, ("$s", origin?.Server), ("$a", origin?.Account));
}
