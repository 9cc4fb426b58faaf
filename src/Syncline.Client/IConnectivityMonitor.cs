namespace Syncline.Client;

/// <summary>
/// Tells background sync whether the server can be reached, and when that changes. The default
/// watches the OS network events and probes the server; an app (MAUI, say) can plug in its own.
/// </summary>
public interface IConnectivityMonitor
{
    /// <summary>Whether the server was reachable at the last check.</summary>
    bool IsOnline { get; }

    /// <summary>Raised when reachability changes; the argument is the new <see cref="IsOnline"/>.</summary>
    event EventHandler<bool>? Changed;

    /// <summary>Checks now and returns the answer (raising <see cref="Changed"/> if it changed).</summary>
    Task<bool> CheckAsync(CancellationToken cancellationToken = default);
}
