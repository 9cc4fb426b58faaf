namespace Syncline.Client;

/// <summary>Where a local record stands with the server; an app shows a "pending" badge for anything but <see cref="Synced"/>.</summary>
public enum SyncStatus
{
    /// <summary>The server has this version.</summary>
    Synced,

    /// <summary>Created on this device, not yet acknowledged.</summary>
    PendingCreate,

    /// <summary>Changed on this device, not yet acknowledged.</summary>
    PendingUpdate,

    /// <summary>Deleted on this device, not yet acknowledged (hidden from reads).</summary>
    PendingDelete,
}
