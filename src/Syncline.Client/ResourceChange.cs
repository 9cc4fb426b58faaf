namespace Syncline.Client;

/// <summary>What happened to a record.</summary>
public enum ChangeKind
{
    /// <summary>It appeared.</summary>
    Created,

    /// <summary>Its fields or its sync status changed.</summary>
    Updated,

    /// <summary>It disappeared.</summary>
    Deleted,

    /// <summary>Its local id was replaced by the server's (<see cref="ResourceChange.PreviousId"/> holds the old one).</summary>
    IdChanged,
}

/// <summary>Where a change came from.</summary>
public enum ChangeOrigin
{
    /// <summary>A write on this device.</summary>
    Local,

    /// <summary>A pull from the server (another device, or a server-side effect).</summary>
    Remote,

    /// <summary>An acknowledgement of this device's push.</summary>
    Acknowledged,
}

/// <summary>One change to one record, as an app binds to it.</summary>
/// <param name="Resource">The resource name (BOOKMARK, COLLECTION, COLLECTION_BOOKMARK, NOTE, READING_SESSION).</param>
/// <param name="Id">The record's id after the change.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Origin">Where it came from.</param>
/// <param name="PreviousId">For <see cref="ChangeKind.IdChanged"/>, the local id it had.</param>
public sealed record ResourceChange(string Resource, string Id, ChangeKind Kind, ChangeOrigin Origin, string? PreviousId = null);

/// <summary>The changes of one committed transaction, raised after the commit.</summary>
public sealed class ResourcesChangedEventArgs(IReadOnlyList<ResourceChange> changes) : EventArgs
{
    /// <summary>The changes, in the order they were made.</summary>
    public IReadOnlyList<ResourceChange> Changes { get; } = changes;
}
