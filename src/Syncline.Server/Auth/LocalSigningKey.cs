using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;
using Syncline.Server.Hosting;

namespace Syncline.Server.Auth;

/// <summary>
/// The HMAC key of the local auth mode, made on first start in the data directory and kept there,
/// so tokens minted by the <c>token</c> command stay valid across restarts.
/// </summary>
internal static class LocalSigningKey
{
    public const string FileName = "jwt-signing.key";

    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, FileName);

    /// <summary>The key in <paramref name="dataDirectory"/>, or null when there is none.</summary>
    public static SymmetricSecurityKey? Load(string dataDirectory)
    {
        var path = PathIn(dataDirectory);
        return File.Exists(path) ? Read(path) : null;
    }

    public static SymmetricSecurityKey LoadOrCreate(string dataDirectory)
    {
        OwnerOnlyFiles.CreateDirectory(dataDirectory);
        var path = PathIn(dataDirectory);
        if (!File.Exists(path))
        {
            // Written whole under a private name, then linked into place without replacing: when two
            // processes start at once, one key wins, and nobody ever reads a half-written key.
            var draft = Path.Combine(dataDirectory, $"{FileName}.{Guid.NewGuid():N}.tmp");
            try
            {
                using (var stream = OwnerOnlyFiles.CreateNew(draft))
                {
                    stream.Write(System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(RandomNumberGenerator.GetBytes(64))));
                    stream.Flush(flushToDisk: true);
                }

                File.Move(draft, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
            }
            finally
            {
                File.Delete(draft);
            }
        }

        return Read(path);
    }

    private static SymmetricSecurityKey Read(string path) =>
        new(Convert.FromBase64String(File.ReadAllText(path).Trim())) { KeyId = "local" };
}
