using Npgsql;

namespace Syncline.Server.Storage.Postgres;

/// <summary>One statement of an <see cref="NpgsqlBatch"/> with its positional parameters ($1, $2, ...).</summary>
internal static class BatchCommand
{
    /// <summary>
    /// A null value is bound as a null text array: the only nullable parameter is the resource filter
    /// (<c>$3::text[] IS NULL</c>), and PostgreSQL needs a type to bind a null.
    /// </summary>
    public static NpgsqlBatchCommand Of(string sql, params object?[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(value is null
                ? new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text }
                : new NpgsqlParameter { Value = value });
        }

        return command;
    }
}
