namespace Syncline.Client;

/// <summary>What the sync engine is doing.</summary>
public enum SyncState
{
    /// <summary>Not syncing.</summary>
    Idle,

    /// <summary>Pulling server changes.</summary>
    Pulling,

    /// <summary>Pushing local changes.</summary>
    Pushing,

    /// <summary>Waiting before a retry.</summary>
    BackingOff,

    /// <summary>The server could not be reached; local work goes on and syncs later.</summary>
    Offline,

    /// <summary>The last sync stopped on an error that needs attention (see <see cref="SyncResult.Error"/>).</summary>
    Error,
}

/// <summary>Progress of a long pull: entries applied so far of the total the server reported.</summary>
/// <param name="Applied">Entries applied in this sync so far.</param>
/// <param name="Total">Entries the server had after the cursor when the pull began.</param>
public sealed record SyncProgress(long Applied, long Total);

/// <summary>What one sync did.</summary>
/// <param name="Pulled">Server entries applied.</param>
/// <param name="Pushed">Local mutations acknowledged.</param>
/// <param name="Conflicts">Pulled changes that met unpushed local changes.</param>
/// <param name="Failed">Mutations moved to the failed list in this sync.</param>
/// <param name="Pending">Mutations still queued when it ended.</param>
/// <param name="Offline">True when the server could not be reached.</param>
/// <param name="Error">Why the sync stopped early, or null.</param>
/// <param name="FullResync">
/// True when the server no longer kept the history this device needed (its cursor was too old), so this
/// sync pulled everything again from the start, keeping queued and failed changes.
/// </param>
public sealed record SyncResult(int Pulled, int Pushed, int Conflicts, int Failed, long Pending, bool Offline, string? Error, bool FullResync = false)
{
    /// <summary>True when the sync reached the server and ended with nothing left to push.</summary>
    public bool IsComplete => !Offline && Error is null && Pending == 0;
}

/// <summary>A snapshot of the local sync state, for a status line.</summary>
/// <param name="LastMutationAt">The cursor: the timestamp of the last server entry applied here; -1 when the server said the account has no history yet.</param>
/// <param name="PendingCount">Mutations waiting to be pushed.</param>
/// <param name="FailedCount">Entries in the failed list.</param>
/// <param name="LastSyncAttempt">When a sync last started.</param>
/// <param name="LastSuccessfulSync">When a sync last completed.</param>
public sealed record SyncStatusSnapshot(long LastMutationAt, long PendingCount, long FailedCount, DateTimeOffset? LastSyncAttempt, DateTimeOffset? LastSuccessfulSync);
