namespace Syncline.Server.Storage;

/// <summary>
/// Where users' logs and current state live. Every operation is per user, so a store can be
/// sharded by user id. Implementations: <c>Sqlite/</c> (embedded) and <c>Postgres/</c> (production).
/// </summary>
internal interface ISyncStore
{
    /// <summary>Brings the schema up to date; safe to call at every start.</summary>
    Task MigrateAsync(CancellationToken cancellationToken = default);

    /// <summary>The user's head: the timestamp of their latest mutation, 0 for none.</summary>
    Task<long> GetHeadAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads the head, the prune horizon, the total and one page of the resources changed since the cursor in
    /// one consistent snapshot, and hands them to <paramref name="read"/> while the snapshot is open, so the
    /// page can be streamed entry by entry.
    /// </summary>
    Task<TResult> ReadLogAsync<TResult>(
        LogQuery query,
        Func<LogSnapshot, CancellationToken, Task<TResult>> read,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction holding the user's write lock, so a user's
    /// writes serialize. Commits when the outcome says so; otherwise rolls everything back.
    /// </summary>
    Task<TOutcome> WriteAsync<TOutcome>(
        string userId,
        Func<IUserWriteSession, CancellationToken, Task<TOutcome>> work,
        CancellationToken cancellationToken = default)
        where TOutcome : IWriteOutcome;

    /// <summary>
    /// Deletes log entries older than <paramref name="logBefore"/> and tombstones older than <paramref name="tombstonesBefore"/>
    /// (Unix ms; 0 keeps them), in short transactions, and moves each user's horizon up to the newest tombstone pruned.
    /// </summary>
    Task<PruneResult> PruneAsync(long logBefore, long tombstonesBefore, CancellationToken cancellationToken = default);

    /// <summary>Whether the store answers a trivial query.</summary>
    Task<bool> PingAsync(CancellationToken cancellationToken = default);
}

/// <summary>The result of a write transaction: tells the store whether to commit.</summary>
internal interface IWriteOutcome
{
    bool Commit { get; }
}
