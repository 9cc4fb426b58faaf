using System.Data.Common;
using System.Globalization;
using System.Reflection;

namespace Syncline.Server.Storage;

/// <summary>
/// A store's schema migrations: embedded <c>Migrations/NNN_name.sql</c> files, in version order, and
/// the one loop that applies those not yet recorded. Both stores run the loop; PostgreSQL adds its
/// lock around it, so several instances starting at once take turns.
/// </summary>
internal static class MigrationScripts
{
    public static IEnumerable<(int Version, string Name, string Sql)> Load(string resourcePrefix)
    {
        var assembly = Assembly.GetExecutingAssembly();
        var names = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(resourcePrefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        foreach (var resource in names)
        {
            var name = resource[resourcePrefix.Length..^".sql".Length];
            var version = int.Parse(name.AsSpan(0, name.IndexOf('_', StringComparison.Ordinal)), CultureInfo.InvariantCulture);
            using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
            yield return (version, name, reader.ReadToEnd());
        }
    }

    /// <summary>
    /// Applies the scripts under <paramref name="resourcePrefix"/> not yet in <c>schema_migrations</c>, in
    /// order, each with its record in its own transaction: a failed script leaves the versions before it
    /// applied, and itself not. The SQL here is the same on both stores (<c>@name</c> parameters are taken
    /// by Microsoft.Data.Sqlite and by Npgsql alike), so only the scripts differ.
    /// </summary>
    public static async Task ApplyAsync(DbConnection connection, string resourcePrefix, CancellationToken ct)
    {
        await using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL)";
            await create.ExecuteNonQueryAsync(ct);
        }

        foreach (var (version, name, sql) in Load(resourcePrefix))
        {
            await using var transaction = await connection.BeginTransactionAsync(ct);
            await using var check = Command(transaction, "SELECT COUNT(*) FROM schema_migrations WHERE version = @version", version);
            if ((long)(await check.ExecuteScalarAsync(ct))! > 0)
            {
                continue;
            }

            await using var apply = Command(transaction, sql);
            await apply.ExecuteNonQueryAsync(ct);
            await using var record = Command(transaction, "INSERT INTO schema_migrations (version, name) VALUES (@version, @name)", version, name);
            await record.ExecuteNonQueryAsync(ct);
            await transaction.CommitAsync(ct);
        }
    }

    private static DbCommand Command(DbTransaction transaction, string sql, int? version = null, string? name = null)
    {
        var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        if (version is { } v)
        {
            AddParameter(command, "@version", v);
        }

        if (name is not null)
        {
            AddParameter(command, "@name", name);
        }

        return command;
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
