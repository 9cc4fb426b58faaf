namespace Syncline.Server.Wire;

/// <summary>One acknowledgement of a push item. <see cref="Data"/> is JSON text.</summary>
internal sealed record SyncAck(string Type, string Resource, string ResourceId, string Data, long Timestamp);
