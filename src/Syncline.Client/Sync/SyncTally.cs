namespace Syncline.Client.Sync;

/// <summary>What one sync has done so far: the counts its <see cref="SyncResult"/> reports.</summary>
internal sealed class SyncTally
{
    public int Pulled { get; set; }

    public int Pushed { get; set; }

    public int Conflicts { get; set; }

    public int Failed { get; set; }

    public bool Resynced { get; set; }

    /// <summary>Why the latest resync of this sync began (the last one wins: it is what the device now holds).</summary>
    public FullResyncReason? ResyncReason { get; set; }
}
