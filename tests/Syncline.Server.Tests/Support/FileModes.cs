namespace Syncline.Server.Tests.Support;

/// <summary>Unix permission bits of files on disk, for the tests that check who may read the server's data.</summary>
internal static class FileModes
{
    public const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>The mode of <paramref name="path"/>; the test is skipped where there are no Unix modes.</summary>
    public static UnixFileMode Of(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            return File.GetUnixFileMode(path);
        }

        Assert.Skip("Unix file modes only");
        return default;
    }
}
