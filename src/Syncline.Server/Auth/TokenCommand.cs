using System.Globalization;
using Microsoft.Extensions.Options;
using Syncline.Server.Hosting;

namespace Syncline.Server.Auth;

/// <summary>
/// <c>token --user ID [--scopes "sync bookmark collection note reading_session"] [--days 30] [--create-key]</c>: mints a
/// token for the local signing key and prints it, and nothing else, on stdout. It reads the server's
/// configuration, so it signs with the key of the server that the same settings start.
/// </summary>
internal static class TokenCommand
{
    public const string Name = "token";
    public const int MaxDays = 365;
    private const string DefaultScopes = "sync bookmark collection note reading_session";
    private const string UsageLine = "usage: token --user ID [--scopes \"sync bookmark collection note reading_session\"] [--days 1-365, default 30] [--create-key]";

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        string? user = null;
        var scopes = DefaultScopes;
        var days = 30;
        var createKey = false;
        var settings = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--user" when value is not null:
                    user = value;
                    i++;
                    break;
                case "--scopes" when value is not null:
                    scopes = value;
                    i++;
                    break;
                case "--days":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out days) || days is < 1 or > MaxDays)
                    {
                        return Usage(error, $"--days must be a whole number from 1 to {MaxDays}, not '{value}'");
                    }

                    i++;
                    break;
                case "--create-key":
                    createKey = true;
                    break;
                case var setting when setting.StartsWith("--", StringComparison.Ordinal) && setting.Contains('=', StringComparison.Ordinal):
                    // Configuration (--Syncline:DataDirectory=/x), read as the server reads its command line.
                    settings.Add(setting);
                    break;
                case var setting when setting.StartsWith("--", StringComparison.Ordinal) && setting.Contains(':', StringComparison.Ordinal) && value is not null:
                    // Configuration in its two-word form (--Syncline:DataDirectory /x).
                    settings.Add(setting);
                    settings.Add(value);
                    i++;
                    break;
                default:
                    return Usage(error, $"unexpected argument '{args[i]}'");
            }
        }

        if (string.IsNullOrWhiteSpace(user))
        {
            return Usage(error, "--user is required");
        }

        SynclineServerOptions options;
        try
        {
            options = ServerConfiguration.ReadOptions(ServerConfiguration.CreateBuilder([.. settings]).Configuration);
        }
        catch (OptionsValidationException invalid)
        {
            error.WriteLine($"error: {string.Join("; ", invalid.Failures)}");
            return 2;
        }

        if (options.Auth.Mode != AuthMode.Local)
        {
            error.WriteLine("error: the token command mints tokens for the local auth mode only (Syncline:Auth:Mode is OpenIdConnect).");
            return 2;
        }

        var key = createKey ? LocalSigningKey.LoadOrCreate(options.DataDirectoryFullPath) : LocalSigningKey.Load(options.DataDirectoryFullPath);
        if (key is null)
        {
            // A new key would sign tokens that no running server accepts; say where the key was looked for instead.
            error.WriteLine(
                $"error: no signing key at {LocalSigningKey.PathIn(options.DataDirectoryFullPath)}; point Syncline:DataDirectory at the server's data directory "
                + "(it is relative to the working directory), or pass --create-key to make a new key there.");
            return 2;
        }

        var issuer = new LocalTokenIssuer(key, options.Auth.LocalIssuer, options.Auth.Audience, TimeProvider.System);
        output.WriteLine(issuer.Mint(user, scopes, TimeSpan.FromDays(days)));
        return 0;
    }

    private static int Usage(TextWriter error, string problem)
    {
        error.WriteLine($"error: {problem}");
        error.WriteLine(UsageLine);
        return 2;
    }
}
