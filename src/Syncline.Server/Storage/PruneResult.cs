namespace Syncline.Server.Storage;

/// <summary>What one pruning run removed: users visited, log entries and tombstones deleted. A run another instance held is all zeros.</summary>
internal sealed record PruneResult(int Users, long LogEntries, long Tombstones);
