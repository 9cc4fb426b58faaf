using System.Text.Json;
using System.Text.Json.Serialization;
using Syncline.Client;

namespace Syncline.Cli.Local;

/// <summary>The server and token of a device, in <c>&lt;db&gt;.login.json</c> beside its database, readable by the user only.</summary>
internal static class LoginFile
{
    public static string PathFor(string databasePath) => databasePath + ".login.json";

    public static Login? Read(string databasePath)
    {
        var path = PathFor(databasePath);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            var login = JsonSerializer.Deserialize(File.ReadAllText(path), CliJsonContext.Default.Login);
            return login is { Server.IsAbsoluteUri: true, Token.Length: > 0 } ? login : throw new JsonException("server or token missing");
        }
        catch (JsonException exception)
        {
            throw new BadInputException($"the login file {path} is unreadable ({exception.Message}): run syncline login again");
        }
    }

    /// <summary>Writes the file whole (temp file, then rename) with mode 600, so a token is never world-readable, even briefly.</summary>
    public static string Write(string databasePath, Login login)
    {
        var path = PathFor(databasePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp";
        File.Delete(temporary);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, options))
        {
            JsonSerializer.Serialize(stream, login, CliJsonContext.Default.Login);
        }

        File.Move(temporary, path, overwrite: true);
        return path;
    }
}

/// <summary>What <c>syncline login</c> stored; files from before profiles read as <see cref="ServerProfile.Syncline"/>.</summary>
internal sealed record Login(
    Uri Server,
    string Token,
    [property: JsonConverter(typeof(JsonStringEnumConverter<ServerProfile>))] ServerProfile Profile = ServerProfile.Syncline,
    string? ClientId = null);
