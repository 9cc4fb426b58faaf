using System.ComponentModel.DataAnnotations;

namespace Syncline.Server.Retention;

/// <summary>How long history is kept, section <c>Syncline:Retention</c>; 0 days keeps it forever.</summary>
internal sealed class RetentionOptions
{
    /// <summary>Days the mutation log is kept (default 30). Pulls never read it: this bounds storage only.</summary>
    [Range(0, 36500)]
    public int LogDays { get; set; } = 30;

    /// <summary>Days a deleted resource's tombstone is kept (default 30); a pull from an older cursor gets 410 CursorTooOld.</summary>
    [Range(0, 36500)]
    public int TombstoneDays { get; set; } = 30;

    /// <summary>Minutes between pruning runs (default 60); the first run is at start.</summary>
    [Range(1, 7 * 24 * 60)]
    public int IntervalMinutes { get; set; } = 60;
}
