namespace Syncline.Cli.Local;

/// <summary>Where the device's database is: <c>--db</c>, else <c>SYNCLINE_DB</c>, else under the user's data folder.</summary>
internal static class DatabaseLocation
{
    public const string EnvironmentVariable = "SYNCLINE_DB";

    public static string Resolve(string? option)
    {
        var path = !string.IsNullOrWhiteSpace(option) ? option
            : Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment
            : Default();
        return Path.GetFullPath(path);
    }

    private static string Default()
    {
        // ~/.local/share on Linux, ~/Library/Application Support on macOS, %LOCALAPPDATA% on Windows.
        var folder = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        return string.IsNullOrEmpty(folder) ? "syncline.db" : Path.Combine(folder, "syncline", "syncline.db");
    }
}
