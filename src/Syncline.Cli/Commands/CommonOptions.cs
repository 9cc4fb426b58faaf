using System.CommandLine;
using Syncline.Cli.Input;

namespace Syncline.Cli.Commands;

/// <summary>Options shared by several commands.</summary>
internal static class CommonOptions
{
    /// <summary>Where this device's data lives; one file per device.</summary>
    public static Option<string?> Database { get; } = new("--db")
    {
        Description = "The local database file (default: $SYNCLINE_DB, else syncline.db in the user's data folder)",
        Recursive = true,
    };

    public static Option<int> Mushaf() => new("--mushaf")
    {
        Description = "The mushaf id (1, 2, 3, 4, 5, 6, 7, 11 or 19)",
        DefaultValueFactory = _ => 1,
    };

    /// <summary>The mushaf asked for, checked.</summary>
    public static int GetMushaf(this System.CommandLine.ParseResult parse, Option<int> option) => Refs.CheckMushaf(parse.GetValue(option));
}
