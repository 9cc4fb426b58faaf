using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using Syncline.Server.Auth;

namespace Syncline.Server.Hosting;

/// <summary>
/// Where the server's settings come from and how they are checked. The server, the <c>token</c>
/// command and the tests all read them through here, so they agree on every source and check.
/// </summary>
internal static class ServerConfiguration
{
    /// <summary>
    /// The builder with the server's configuration sources (appsettings.json beside the binary and its
    /// environment variant, environment variables, command line); the <c>token</c> command reads the same.
    /// </summary>
    public static WebApplicationBuilder CreateBuilder(string[] args) => WebApplication.CreateBuilder(new WebApplicationOptions
    {
        Args = args,
        // appsettings.json ships beside the binary, wherever the server is started from.
        ContentRootPath = AppContext.BaseDirectory,
    });

    /// <summary>Reads and checks the <c>Syncline</c> section; a bad value stops the start with a message naming it.</summary>
    public static SynclineServerOptions ReadOptions(IConfiguration configuration)
    {
        var options = configuration.GetSection(SynclineServerOptions.Section).Get<SynclineServerOptions>() ?? new SynclineServerOptions();
        Validate(options, SynclineServerOptions.Section);
        Validate(options.RateLimit, $"{SynclineServerOptions.Section}:RateLimit");
        Validate(options.Quota, $"{SynclineServerOptions.Section}:Quota");
        Validate(options.Pull, $"{SynclineServerOptions.Section}:Pull");
        Validate(options.RateLimit.Unauthenticated, $"{SynclineServerOptions.Section}:RateLimit:Unauthenticated");
        Validate(options.Auth, $"{SynclineServerOptions.Section}:Auth");
        Validate(options.Retention, $"{SynclineServerOptions.Section}:Retention");
        if (options.Auth.Mode == AuthMode.OpenIdConnect && AuthorityProblem(options.Auth) is { } problem)
        {
            throw new OptionsValidationException(SynclineServerOptions.Section, typeof(AuthOptions), [problem]);
        }

        return options;
    }

    /// <summary>
    /// What is wrong with the OpenID Connect authority, checked here because the bearer handler
    /// would only find out on the first request, and then fail every request, /health included.
    /// </summary>
    private static string? AuthorityProblem(AuthOptions auth)
    {
        if (string.IsNullOrWhiteSpace(auth.Authority))
        {
            return "Syncline:Auth:Authority is required when Syncline:Auth:Mode is OpenIdConnect";
        }

        if (!Uri.TryCreate(auth.Authority, UriKind.Absolute, out var authority) || authority.Scheme is not ("https" or "http"))
        {
            return $"Syncline:Auth:Authority must be an absolute https URL, not '{auth.Authority}'";
        }

        if (authority.Scheme == "http" && auth.RequireHttpsMetadata)
        {
            return $"Syncline:Auth:Authority must use https, not '{auth.Authority}' (only for a local authority in development: Syncline:Auth:RequireHttpsMetadata=false)";
        }

        return null;
    }

    private static void Validate(object options, string section)
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            throw new OptionsValidationException(section, options.GetType(),
                [.. results.Select(r => $"{section}:{string.Join(',', r.MemberNames)}: {r.ErrorMessage}")]);
        }
    }
}
