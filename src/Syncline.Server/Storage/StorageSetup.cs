using Syncline.Server.Hosting;
using Syncline.Server.Storage.Sqlite;

namespace Syncline.Server.Storage;

/// <summary>Registers the configured <see cref="ISyncStore"/> and its health check.</summary>
internal static class StorageSetup
{
    public const string SqliteFileName = "syncline.db";

    public static IServiceCollection AddSyncStore(this IServiceCollection services, SynclineServerOptions options)
    {
        switch (options.Store)
        {
            case StoreKind.Sqlite:
                Directory.CreateDirectory(options.DataDirectoryFullPath);
                services.AddSingleton<ISyncStore>(new SqliteSyncStore(Path.Combine(options.DataDirectoryFullPath, SqliteFileName)));
                break;
            default:
                throw new InvalidOperationException($"Unknown store '{options.Store}' (Syncline:Store)");
        }

        services.AddHealthChecks().AddCheck<StoreHealthCheck>("store");
        return services;
    }
}
