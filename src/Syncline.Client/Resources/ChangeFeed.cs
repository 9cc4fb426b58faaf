using Microsoft.Extensions.Logging;

namespace Syncline.Client.Resources;

/// <summary>
/// Raises <see cref="SyncClient.ResourcesChanged"/> after a write or a sync step has committed. Each subscriber is
/// called on its own: one that throws is logged and the others still hear of the change, and the exception never
/// reaches the caller, whose write is on disk (throwing would tell it the write failed, and a retry would write it twice).
/// </summary>
internal sealed class ChangeFeed(ILogger logger)
{
    public event EventHandler<ResourcesChangedEventArgs>? Changed;

    public void Publish(object sender, IReadOnlyList<ResourceChange> changes)
    {
        if (changes.Count == 0 || Changed is not { } changed)
        {
            return;
        }

        var args = new ResourcesChangedEventArgs(changes);
        foreach (var subscriber in changed.GetInvocationList().Cast<EventHandler<ResourcesChangedEventArgs>>())
        {
            try
            {
                subscriber(sender, args);
            }
            catch (Exception exception)
            {
                logger.SubscriberFailed(exception, changes.Count);
            }
        }
    }
}
