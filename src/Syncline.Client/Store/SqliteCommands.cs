using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace Syncline.Client.Store;

/// <summary>
/// A few lines that every store class would otherwise repeat: run SQL with named parameters. Each
/// connection keeps its commands by SQL text, so a statement run per entry of a 1000-entry page is
/// prepared once, not a thousand times (Microsoft.Data.Sqlite prepares per command object). The
/// cache lives and dies with the connection object, which closing finalizes the statements of.
/// </summary>
internal static class SqliteCommands
{
    private static readonly ConditionalWeakTable<SqliteConnection, Dictionary<string, SqliteCommand>> Prepared = [];

    public static async Task<int> ExecuteAsync(this SqliteConnection connection, string sql, CancellationToken ct, params (string Name, object? Value)[] parameters) =>
        await connection.Command(sql, parameters).ExecuteNonQueryAsync(ct).ConfigureAwait(false);

    public static async Task<T> ScalarAsync<T>(this SqliteConnection connection, string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        var value = await connection.Command(sql, parameters).ExecuteScalarAsync(ct).ConfigureAwait(false);
        return value is null or DBNull ? default! : (T)value;
    }

    public static async Task<List<T>> QueryAsync<T>(
        this SqliteConnection connection, string sql, Func<SqliteDataReader, T> read, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        using var reader = await connection.Command(sql, parameters).ExecuteReaderAsync(ct).ConfigureAwait(false);
        var rows = new List<T>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    private static SqliteCommand Command(this SqliteConnection connection, string sql, (string Name, object? Value)[] parameters)
    {
        var commands = Prepared.GetOrCreateValue(connection);
        if (!commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            commands[sql] = command;
        }

        // A connection may run several transactions (migrations do): the command must join the current one,
        // which Microsoft.Data.Sqlite exposes only through the commands it creates.
        using (var probe = connection.CreateCommand())
        {
            command.Transaction = probe.Transaction;
        }

        command.Parameters.Clear();
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }
}
