using System.ComponentModel.DataAnnotations;

namespace Syncline.Server.Hosting;

/// <summary>
/// Per-user storage limits, section <c>Syncline:Quota</c>; 0 turns a limit off. A push that would
/// take a user over one is refused whole (422 <c>QuotaExceeded</c>); deletes always pass.
/// </summary>
internal sealed class QuotaOptions
{
    /// <summary>The most live records (bookmarks, collections, links, notes, reading sessions) a user may keep. Default 100,000.</summary>
    [Range(0, int.MaxValue)]
    public int MaxRecords { get; set; } = 100_000;

    /// <summary>The most bytes of stored data (UTF-8 JSON of the live records) a user may keep. Default 100 MiB.</summary>
    [Range(typeof(long), "0", "9223372036854775807")]
    public long MaxBytes { get; set; } = 100L * 1024 * 1024;
}
