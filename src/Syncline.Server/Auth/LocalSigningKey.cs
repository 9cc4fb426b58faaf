using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace Syncline.Server.Auth;

/// <summary>
/// The HMAC key of the local auth mode, made on first start in the data directory and kept there,
/// so tokens minted by the <c>token</c> command stay valid across restarts.
/// </summary>
internal static class LocalSigningKey
{
    public const string FileName = "jwt-signing.key";

    public static SymmetricSecurityKey LoadOrCreate(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        var path = Path.Combine(dataDirectory, FileName);
        if (!File.Exists(path))
        {
            var fresh = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));
            try
            {
                // CreateNew: when two processes start at once, one key wins and both read it.
                using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
                using var writer = new StreamWriter(stream);
                writer.Write(fresh);
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }
            }
            catch (IOException) when (File.Exists(path))
            {
            }
        }

        return new SymmetricSecurityKey(Convert.FromBase64String(File.ReadAllText(path).Trim())) { KeyId = "local" };
    }
}
