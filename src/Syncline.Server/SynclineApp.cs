using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Syncline.Server.Auth;
using Syncline.Server.Hosting;
using Syncline.Server.Retention;
using Syncline.Server.Storage;
using Syncline.Server.Sync;

namespace Syncline.Server;

/// <summary>
/// Wires the server: options, store, auth, limits, endpoints, OpenAPI, health. The one place that
/// knows every folder, so it sits beside Program.cs, above them all: Hosting/ keeps the settings and
/// the middleware, and no longer points up at the endpoints it maps.
/// </summary>
internal static class SynclineApp
{
    /// <summary>Builds the app and brings the store's schema up to date; <paramref name="configure"/> lets tests add settings.</summary>
    public static async Task<WebApplication> BuildAsync(string[] args, Action<WebApplicationBuilder>? configure = null, CancellationToken ct = default)
    {
        var builder = ServerConfiguration.CreateBuilder(args);
        configure?.Invoke(builder);

        var options = ServerConfiguration.ReadOptions(builder.Configuration);
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
}
