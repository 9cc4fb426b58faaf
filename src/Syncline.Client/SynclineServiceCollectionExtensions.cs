using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Polly;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Syncline.Client;

/// <summary>Registers the Syncline client in a generic host or any <see cref="IServiceCollection"/>.</summary>
public static class SynclineServiceCollectionExtensions
{
    /// <summary>The name of the <see cref="HttpClient"/> the client uses, for adding handlers to it.</summary>
    public const string HttpClientName = "Syncline";

    /// <summary>
    /// Registers <see cref="SyncClient"/> as a singleton, its options (<see cref="IOptions{TOptions}"/>,
    /// checked at first use), logging, and a named <see cref="HttpClient"/> from <see cref="IHttpClientFactory"/>
    /// with a 30 s timeout per request. Retries are not added here: the sync engine knows which requests are safe to repeat.
    /// </summary>
    public static IHttpClientBuilder AddSynclineClient(this IServiceCollection services, Action<SyncClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<SyncClientOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SyncClientOptions>, SyncClientOptionsValidator>());
        services.TryAddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<SyncClientOptions>>().Value;
            options.HttpClient ??= provider.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName);
            return SyncClient.Create(options, provider.GetService<ILoggerFactory>());
        });

        var http = services.AddHttpClient(HttpClientName)
            // The client is a singleton: recycle connections so DNS changes are seen.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        http.AddResilienceHandler("syncline-timeout", pipeline => pipeline.AddTimeout(TimeSpan.FromSeconds(30)));
        return http;
    }

    /// <summary>Runs background sync (<see cref="SyncClient.StartBackgroundSync"/>) for the host's lifetime.</summary>
    public static IServiceCollection AddSynclineBackgroundSync(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddHostedService<SynclineBackgroundService>();
        return services;
    }
}

/// <summary>Reports every problem of <see cref="SyncClientOptions"/> by name, at host start or first use.</summary>
internal sealed class SyncClientOptionsValidator : IValidateOptions<SyncClientOptions>
{
    public ValidateOptionsResult Validate(string? name, SyncClientOptions options) =>
        options.Problems() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
}
