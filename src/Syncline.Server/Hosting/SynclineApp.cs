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
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // appsettings.json ships beside the binary, wherever the server is started from.
            ContentRootPath = AppContext.BaseDirectory,
        });
        configure?.Invoke(builder);

        var options = ReadOptions(builder.Configuration);
        builder.Services.AddSingleton(Options.Create(options));
        // TryAdd: a test may bring its own clock (configure runs first), to prune without waiting.
        builder.Services.TryAddSingleton(TimeProvider.System);
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
        app.UseAuthorization();
        app.UseRateLimiter();
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

    /// <summary>Reads and checks the <c>Syncline</c> section; a bad value stops the start with a message naming it.</summary>
    public static SynclineServerOptions ReadOptions(IConfiguration configuration)
    {
        var options = configuration.GetSection(SynclineServerOptions.Section).Get<SynclineServerOptions>() ?? new SynclineServerOptions();
        Validate(options, SynclineServerOptions.Section);
        Validate(options.RateLimit, $"{SynclineServerOptions.Section}:RateLimit");
        Validate(options.Retention, $"{SynclineServerOptions.Section}:Retention");
        if (options.Auth.Mode == AuthMode.OpenIdConnect && string.IsNullOrWhiteSpace(options.Auth.Authority))
        {
            throw new OptionsValidationException(SynclineServerOptions.Section, typeof(AuthOptions),
                ["Syncline:Auth:Authority is required when Syncline:Auth:Mode is OpenIdConnect"]);
        }

        return options;
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
