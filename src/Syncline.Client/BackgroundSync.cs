namespace Syncline.Client;

/// <summary>Background sync started by <see cref="SyncClient.StartBackgroundSync"/>; stop it (or dispose it) to end it.</summary>
public sealed class BackgroundSync : IAsyncDisposable
{
    private readonly Func<ValueTask> _stop;
    private int _stopped;

    internal BackgroundSync(Func<ValueTask> stop) => _stop = stop;

    /// <summary>Stops the background loop; a sync in progress is cancelled (it resumes next time).</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            await _stop().ConfigureAwait(false);
        }
    }

    /// <summary>Same as <see cref="StopAsync"/>.</summary>
    public ValueTask DisposeAsync() => new(StopAsync());
}
