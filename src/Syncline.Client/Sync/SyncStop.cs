namespace Syncline.Client.Sync;

/// <summary>Why a sync stopped before both sides agreed: offline (the server unreachable), or an error to show.</summary>
internal sealed record SyncStop(string Reason, bool Offline);
