using Syncline.Server.Hosting;

namespace Syncline.Server.Auth;

/// <summary>
/// <c>token --user ID [--scopes "sync bookmark collection note"] [--days 30]</c>: mints a token for
/// the local signing key and prints it, and nothing else, on stdout.
/// </summary>
internal static class TokenCommand
{
    public const string Name = "token";
    private const string DefaultScopes = "sync bookmark collection note";

    public static int Run(string[] args, SynclineServerOptions options, TextWriter output, TextWriter error)
    {
        string? user = null;
        var scopes = DefaultScopes;
        var days = 30;
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
                case "--days" when int.TryParse(value, out days) && days > 0:
                    i++;
                    break;
                case var setting when setting.StartsWith("--", StringComparison.Ordinal) && setting.Contains('=', StringComparison.Ordinal):
                    // Configuration (--Syncline:DataDirectory=/x), already read by the configuration sources.
                    break;
                case var setting when setting.StartsWith("--", StringComparison.Ordinal) && setting.Contains(':', StringComparison.Ordinal) && value is not null:
                    // Configuration in its two-word form (--Syncline:DataDirectory /x).
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

        if (options.Auth.Mode != AuthMode.Local)
        {
            error.WriteLine("error: the token command mints tokens for the local auth mode only (Syncline:Auth:Mode is OpenIdConnect).");
            return 2;
        }

        var key = LocalSigningKey.LoadOrCreate(options.DataDirectoryFullPath);
        var issuer = new LocalTokenIssuer(key, options.Auth.LocalIssuer, options.Auth.Audience, TimeProvider.System);
        output.WriteLine(issuer.Mint(user, scopes, TimeSpan.FromDays(days)));
        return 0;
    }

    private static int Usage(TextWriter error, string problem)
    {
        error.WriteLine($"error: {problem}");
        error.WriteLine("usage: token --user ID [--scopes \"sync bookmark collection note\"] [--days 30]");
        return 2;
    }
}
