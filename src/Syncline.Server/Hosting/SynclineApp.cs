using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Syncline.Server.Auth;
using Syncline.Server.Retention;
using Syncline.Server.Storage;
using Syncline.Server.Sync;

namespace Syncline.Server.Hosting;

/// <summary>Wires the server: options, store, auth, limits, endpoints, OpenAPI, health.</summary>
internal static class SynclineApp
{
    /// <summary>Builds the app and brings the store's schema up to date; <paramref name="configure"/> lets tests add settings.</summary>
    public static async Task<WebApplication> BuildAsync(string[] args, Action<WebApplicationBuilder>? configure = null, CancellationToken ct = default)
    {
        var builder = CreateBuilder(args);
        configure?.Invoke(builder);

        var options = ReadOptions(builder.Configuration);
        builder.Services.AddSingleton(Options.Create(options));
        // TryAdd: a test may bring its own clock (configure runs first), to prune without waiting.
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<PullGate>();
        builder.Services.AddSyncStore(options, builder.Configuration);
        builder.Services.AddHostedService<HistoryPruner>();
        builder.Services.AddSynclineAuth(options);
        builder.Services.AddSynclineRateLimiting(options.RateLimit);
        builder.Services.AddExceptionHandler<ErrorHandling>();
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        builder.Logging.AddSimpleConsole(console => console.IncludeScopes = true);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseClientIdLogScope();
        app.UseAuthentication();
        // Before authorization, so requests about to be refused with 401 are limited too (by IP address).
        app.UseRateLimiter();
        app.UseAuthorization();
        app.MapSyncEndpoints();
        app.MapHealthChecks("/health");
        app.MapOpenApi();
        if (app.Environment.IsDevelopment())
        {
            app.UseSwaggerUI(ui => ui.SwaggerEndpoint("/openapi/v1.json", "Syncline User Sync API"));
        }

        await app.Services.GetRequiredService<ISyncStore>().MigrateAsync(ct);
        Log.Started(app.Logger, options.Store.ToString(), options.DataDirectoryFullPath, options.Auth.Mode.ToString());
        return app;
    }

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
