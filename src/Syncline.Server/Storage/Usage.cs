namespace Syncline.Server.Storage;

/// <summary>
/// What a user stores, as quotas count it: live records (tombstones and the system collection
/// <c>__default__</c> excluded) and the UTF-8 bytes of their stored data. Also a change of it.
/// </summary>
internal readonly record struct Usage(long Records, long Bytes)
{
    public Usage Add(Usage change) => new(Records + change.Records, Bytes + change.Bytes);

    /// <summary>The change from a stored row (not live when there was none) to its replacement; a tombstone counts nothing.</summary>
    public static Usage Change(bool wasLive, long bytesBefore, bool isLive, long bytesAfter) =>
        new((isLive ? 1 : 0) - (wasLive ? 1 : 0), (isLive ? bytesAfter : 0) - (wasLive ? bytesBefore : 0));
}
