using Microsoft.Extensions.Hosting;

namespace Syncline.Client;

/// <summary>The hosted service behind <see cref="SynclineServiceCollectionExtensions.AddSynclineBackgroundSync"/>.</summary>
internal sealed class SynclineBackgroundService(SyncClient client) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var background = client.StartBackgroundSync();
        await using (background.ConfigureAwait(false))
        {
            try
            {
                await Task.Delay(Timeout.Infinite, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                // The host is stopping.
            }
        }
    }
}
