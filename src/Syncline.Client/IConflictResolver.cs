using System.Text.Json.Nodes;

namespace Syncline.Client;

/// <summary>Decides what happens when a pulled change meets a record with unpushed local changes.</summary>
public interface IConflictResolver
{
    /// <summary>Chooses the outcome of one conflict.</summary>
    ConflictResolution Resolve(SyncConflict conflict);
}

/// <summary>A pulled change meeting a record with local changes not yet pushed.</summary>
/// <param name="Resource">The resource name.</param>
/// <param name="Id">The record's id.</param>
/// <param name="RemoteType">The pulled change: CREATE, UPDATE or DELETE.</param>
/// <param name="RemoteData">The record's data after the pulled change.</param>
/// <param name="LocalStatus">The local record's status (pending update or pending delete).</param>
/// <param name="LocalData">The record's data on this device.</param>
/// <param name="LocallyChangedFields">The fields the unpushed local changes touch.</param>
public sealed record SyncConflict(
    string Resource,
    string Id,
    string RemoteType,
    JsonObject RemoteData,
    SyncStatus LocalStatus,
    JsonObject LocalData,
    IReadOnlySet<string> LocallyChangedFields);

/// <summary>The outcome of a conflict.</summary>
public enum ConflictResolution
{
    /// <summary>The local change stands and will be pushed; the pulled change is not applied here.</summary>
    KeepLocal,

    /// <summary>The pulled change is applied; the local changes move to the failed list, where they can be retried.</summary>
    TakeRemote,

    /// <summary>The pulled data is applied, except the fields the local changes touched, which stay local and will be pushed.</summary>
    MergeFields,
}

/// <summary>The built-in conflict policies.</summary>
public static class ConflictResolvers
{
    /// <summary>
    /// The default: for UPDATE against UPDATE, the local change wins field by field; a remote DELETE
    /// wins over a local UPDATE (which goes to the failed list); a local DELETE wins over a remote UPDATE.
    /// </summary>
    public static IConflictResolver LocalChangesWin { get; } = new LocalChangesWinResolver();

    /// <summary>The server's version always wins; local changes go to the failed list.</summary>
    public static IConflictResolver ServerWins { get; } = new FixedResolver(ConflictResolution.TakeRemote);

    /// <summary>The local version always wins, whole records, even over a remote DELETE.</summary>
    public static IConflictResolver ClientWins { get; } = new FixedResolver(ConflictResolution.KeepLocal);

    private sealed class LocalChangesWinResolver : IConflictResolver
    {
        public ConflictResolution Resolve(SyncConflict conflict)
        {
            ArgumentNullException.ThrowIfNull(conflict);
            return (conflict.RemoteType, conflict.LocalStatus) switch
            {
                (_, SyncStatus.PendingDelete) => ConflictResolution.KeepLocal,
                ("DELETE", _) => ConflictResolution.TakeRemote,
                _ => ConflictResolution.MergeFields,
            };
        }
    }

    private sealed class FixedResolver(ConflictResolution resolution) : IConflictResolver
    {
        public ConflictResolution Resolve(SyncConflict conflict) => resolution;
    }
}
