namespace Syncline.Client;

/// <summary>Why a sync pulled everything again from 0 (<see cref="SyncResult.ResyncReason"/>).</summary>
public enum FullResyncReason
{
    /// <summary>The server pruned history this device's cursor still needed (410 CursorTooOld).</summary>
    HistoryPruned = 1,

    /// <summary>The server is not the one this device last synced with: another address, or its head is behind this device's cursor (its data was reset or restored).</summary>
    ServerChanged = 2,

    /// <summary>The token belongs to another account than the one this device's data came from; the changes queued under the old account went to the failed list.</summary>
    AccountChanged = 3,

    /// <summary>The app asked for it (<see cref="SyncClient.ResetSyncedDataAsync"/>).</summary>
    Reset = 4,
}
