using Microsoft.Data.Sqlite;

namespace Syncline.Benchmarks;

/// <summary>What a device's database holds after a pull: its live rows per resource, read straight from the file.</summary>
internal static class LocalRows
{
    public static async Task<IReadOnlyDictionary<string, long>> CountAsync(string databasePath, CancellationToken ct)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT resource, COUNT(*) FROM resources GROUP BY resource ORDER BY resource";
        var rows = new SortedDictionary<string, long>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows[reader.GetString(0)] = reader.GetInt64(1);
        }

        return rows;
    }
}
