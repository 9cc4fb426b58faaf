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

/// <summary>Progress of a long sync: of a pull, entries applied of the total the server reported; of a push, local changes the server acknowledged of those queued.</summary>
/// <param name="Applied">Pulled entries applied, or pushed changes acknowledged, in this sync so far.</param>
/// <param name="Total">Entries the server had after the cursor when the pull began, or changes queued when the push began (folding edits of one record together may send fewer).</param>
/// <param name="Phase">Which of the two this counts.</param>
public sealed record SyncProgress(long Applied, long Total, SyncPhase Phase = SyncPhase.Pull);

/// <summary>The half of a sync a <see cref="SyncProgress"/> counts.</summary>
public enum SyncPhase
{
    /// <summary>Applying what the server has.</summary>
    Pull,

    /// <summary>Sending local changes.</summary>
    Push,
}

/// <summary>What one sync did.</summary>
/// <param name="Pulled">Server entries applied.</param>
/// <param name="Pushed">Local mutations acknowledged.</param>
/// <param name="Conflicts">Pulled changes that met unpushed local changes.</param>
/// <param name="Failed">Mutations moved to the failed list in this sync.</param>
/// <param name="Pending">Mutations still queued when it ended.</param>
/// <param name="Offline">True when the server could not be reached.</param>
/// <param name="Error">Why the sync stopped early, or null.</param>
/// <param name="FullResync">
/// True when this sync pulled everything again from the start, keeping queued and failed changes:
/// <paramref name="ResyncReason"/> says why.
/// </param>
/// <param name="ResyncReason">Why it pulled everything again; null when it did not.</param>
public sealed record SyncResult(int Pulled, int Pushed, int Conflicts, int Failed, long Pending, bool Offline, string? Error, bool FullResync = false, FullResyncReason? ResyncReason = null)
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
/// <param name="Server">The server the synced data came from; null before the first sync.</param>
/// <param name="Account">The account (the token's subject) the synced data came from; null when unknown.</param>
/// <param name="Resyncing">True when a full resync has begun and the next sync goes on with it.</param>
public sealed record SyncStatusSnapshot(
    long LastMutationAt, long PendingCount, long FailedCount, DateTimeOffset? LastSyncAttempt, DateTimeOffset? LastSuccessfulSync,
    Uri? Server = null, string? Account = null, bool Resyncing = false);
