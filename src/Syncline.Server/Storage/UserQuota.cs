using System.Globalization;

namespace Syncline.Server.Storage;

/// <summary>
/// A user's storage limits (0 turns one off). An item that grows a measure may not leave it over its
/// limit; an item that does not grow it (a delete, an edit that keeps or shrinks the data) always
/// passes, so a user over quota, say after the limits were lowered, can always get back under.
/// </summary>
internal sealed record UserQuota(long MaxRecords, long MaxBytes)
{
    /// <summary>
    /// Why the item at <paramref name="index"/>, which took usage from <paramref name="before"/> to
    /// <paramref name="after"/>, is refused; null when it fits. <paramref name="inUse"/> is the usage
    /// before the push, the figure the user can see and act on.
    /// </summary>
    public string? Refusal(int index, Usage inUse, Usage before, Usage after)
    {
        if (MaxRecords > 0 && after.Records > before.Records && after.Records > MaxRecords)
        {
            return Message(index, MaxRecords, inUse.Records, after.Records, "records");
        }

        if (MaxBytes > 0 && after.Bytes > before.Bytes && after.Bytes > MaxBytes)
        {
            return Message(index, MaxBytes, inUse.Bytes, after.Bytes, "bytes of stored data");
        }

        return null;
    }

    private static string Message(int index, long limit, long inUse, long wouldBe, string unit) => string.Format(
        CultureInfo.InvariantCulture,
        "Quota exceeded at mutation[{0}]: the limit is {1} {4} and {2} are in use; this push would make {3}. Delete some to make room.",
        index,
        limit,
        inUse,
        wouldBe,
        unit);
}
