namespace Syncline.Server.Hosting;

/// <summary>
/// The data directory and its files are the server user's alone (700 / 600 on Unix), from the
/// moment they exist: they are made with that mode, never made open and narrowed afterwards.
/// </summary>
internal static class OwnerOnlyFiles
{
    private const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates <paramref name="path"/> (and missing parents) as 700; an existing directory keeps its mode.</summary>
    public static void CreateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, DirectoryMode);
        }
    }

    /// <summary>Opens a new file as 600 for writing; fails with <see cref="IOException"/> if it exists.</summary>
    public static FileStream CreateNew(string path)
    {
        var options = new FileStreamOptions { Mode = System.IO.FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = FileMode;
        }

        return new FileStream(path, options);
    }

    /// <summary>
    /// Makes an empty 600 file at <paramref name="path"/> unless one is there. For the SQLite database:
    /// SQLite gives its -wal and -shm files the mode of the database file, so they are 600 too.
    /// </summary>
    public static void EnsureFile(string path)
    {
        try
        {
            using var created = CreateNew(path);
        }
        catch (IOException) when (File.Exists(path))
        {
        }
    }
}
