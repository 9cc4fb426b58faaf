using Syncline.Client.Store;

namespace Syncline.Client.Resources;

/// <summary>Runs a <see cref="LocalTransaction"/>, then tells the app what changed.</summary>
internal sealed class LocalWriter(LocalDatabase database, TimeProvider time, ChangeFeed feed, object sender)
{
    public LocalDatabase Database => database;

    public async Task<T> WriteAsync<T>(Func<LocalTransaction, CancellationToken, Task<T>> work, CancellationToken ct)
    {
        LocalTransaction? transaction = null;
        var result = await database.WriteAsync(async (connection, token) =>
        {
            transaction = new LocalTransaction(connection, time.GetUtcNow().ToUnixTimeMilliseconds());
            return await work(transaction, token).ConfigureAwait(false);
        }, ct).ConfigureAwait(false);
        feed.Publish(sender, transaction!.Changes);
        return result;
    }

    /// <summary>Reads on a connection of its own; sees every committed write.</summary>
    public async Task<T> ReadAsync<T>(Func<Microsoft.Data.Sqlite.SqliteConnection, CancellationToken, Task<T>> read, CancellationToken ct)
    {
        using var connection = await database.OpenConnectionAsync(ct).ConfigureAwait(false);
        return await read(connection, ct).ConfigureAwait(false);
    }
}
