using Microsoft.Extensions.Configuration;
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
            // The options stay as configured (IOptions hands every reader the same instance): the named client is passed beside them.
            var options = provider.GetRequiredService<IOptions<SyncClientOptions>>().Value;
            var http = options.HttpClient ?? provider.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName);
            return SyncClient.Create(options, provider.GetService<ILoggerFactory>(), http);
        });

        var http = services.AddHttpClient(HttpClientName)
            // The client is a singleton: recycle connections so DNS changes are seen.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        http.AddResilienceHandler("syncline-timeout", pipeline => pipeline.AddTimeout(TimeSpan.FromSeconds(30)));
        return http;
    }

    /// <summary>
    /// As <see cref="AddSynclineClient(IServiceCollection, Action{SyncClientOptions})"/>, with the options bound from
    /// <paramref name="configuration"/> (e.g. the "Syncline" section: <c>ServerUrl</c>, <c>DatabasePath</c>, <c>Profile</c>,
    /// <c>ClientId</c>, <c>PullPageSize</c>, <c>PollInterval</c>...), then <paramref name="configure"/> for what only code can
    /// give, such as the <see cref="SyncClientOptions.TokenProvider"/>.
    /// </summary>
    public static IHttpClientBuilder AddSynclineClient(this IServiceCollection services, IConfiguration configuration, Action<SyncClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<SyncClientOptions>().Bind(configuration);
        return services.AddSynclineClient(configure ?? (_ => { }));
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
