using Npgsql;
using Syncline.Server.Hosting;
using Syncline.Server.Storage.Postgres;
using Syncline.Server.Storage.Sqlite;

namespace Syncline.Server.Storage;

/// <summary>Registers the configured <see cref="ISyncStore"/> and its health check.</summary>
internal static class StorageSetup
{
    public const string SqliteFileName = "syncline.db";

    public const string ConnectionStringName = "Syncline";

    public static IServiceCollection AddSyncStore(this IServiceCollection services, SynclineServerOptions options, IConfiguration configuration)
    {
        switch (options.Store)
        {
            case StoreKind.Sqlite:
                var databasePath = Path.Combine(options.DataDirectoryFullPath, SqliteFileName);
                OwnerOnlyFiles.CreateDirectory(options.DataDirectoryFullPath);
                OwnerOnlyFiles.EnsureFile(databasePath);
                // A factory, not an instance: the container then disposes the store (and its writer connection) at shutdown.
                services.AddSingleton<ISyncStore>(_ => new SqliteSyncStore(databasePath, options.Sqlite.Durability));
                break;
            case StoreKind.Postgres:
                var connectionString = configuration.GetConnectionString(ConnectionStringName);
                if (string.IsNullOrWhiteSpace(connectionString))
                {
                    throw new InvalidOperationException(
                        "Syncline:Store is Postgres but ConnectionStrings:Syncline is empty; set it (environment: ConnectionStrings__Syncline).");
                }

                var builder = new NpgsqlDataSourceBuilder(connectionString);
                // Pushes repeat the same few statements; let Npgsql prepare them unless the connection string says otherwise.
                if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0)
                {
                    builder.ConnectionStringBuilder.MaxAutoPrepare = 32;
                }

                services.AddSingleton(_ => builder.Build());
                services.AddSingleton<ISyncStore>(provider => new PostgresSyncStore(provider.GetRequiredService<NpgsqlDataSource>()));
                break;
            default:
                throw new InvalidOperationException($"Unknown store '{options.Store}' (Syncline:Store)");
        }

        services.AddHealthChecks().AddCheck<StoreHealthCheck>("store");
        return services;
    }
}
