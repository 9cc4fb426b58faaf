using System.Net.NetworkInformation;

namespace Syncline.Client.Sync;

/// <summary>
/// The default <see cref="IConnectivityMonitor"/>: the OS's network change events prompt a cheap
/// probe of the server (<c>metadataOnly=true</c>); what background sync sees of the server (polls,
/// syncs) is reported here too, so no extra probes are needed while it runs.
/// </summary>
internal sealed class ServerConnectivityMonitor : IConnectivityMonitor, IDisposable
{
    private readonly Func<CancellationToken, Task<bool>> _probe;
    private int _online = 1;

    public ServerConnectivityMonitor(Func<CancellationToken, Task<bool>> probe)
    {
        _probe = probe;
        NetworkChange.NetworkAvailabilityChanged += OnNetworkAvailabilityChanged;
        NetworkChange.NetworkAddressChanged += OnNetworkAddressChanged;
    }

    public event EventHandler<bool>? Changed;

    public bool IsOnline => Volatile.Read(ref _online) == 1;

    public async Task<bool> CheckAsync(CancellationToken cancellationToken = default)
    {
        var online = await _probe(cancellationToken).ConfigureAwait(false);
        Report(online);
        return online;
    }

    /// <summary>
    /// Records what background sync itself learned (a poll, a sync), without raising <see cref="Changed"/>:
    /// the scheduler already acts on it, and an echo would reset its own backoff.
    /// </summary>
    public void Observe(bool online) => Volatile.Write(ref _online, online ? 1 : 0);

    private void Report(bool online)
    {
        if (Interlocked.Exchange(ref _online, online ? 1 : 0) != (online ? 1 : 0))
        {
            Changed?.Invoke(this, online);
        }
    }

    public void Dispose()
    {
        NetworkChange.NetworkAvailabilityChanged -= OnNetworkAvailabilityChanged;
        NetworkChange.NetworkAddressChanged -= OnNetworkAddressChanged;
    }

    private void OnNetworkAvailabilityChanged(object? sender, NetworkAvailabilityEventArgs e)
    {
        if (!e.IsAvailable)
        {
            Report(false);
            return;
        }

        _ = ProbeQuietlyAsync();
    }

    private void OnNetworkAddressChanged(object? sender, EventArgs e) => _ = ProbeQuietlyAsync();

    /// <summary>OS events arrive on their own thread with nobody to await them: a failed probe is simply "offline".</summary>
    private async Task ProbeQuietlyAsync()
    {
        try
        {
            await CheckAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException or ObjectDisposedException)
        {
            Report(false);
        }
    }
}
