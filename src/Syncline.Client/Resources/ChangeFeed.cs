namespace Syncline.Client.Resources;

/// <summary>Raises <see cref="SyncClient.ResourcesChanged"/> after each committed transaction that changed records.</summary>
internal sealed class ChangeFeed
{
    public event EventHandler<ResourcesChangedEventArgs>? Changed;

    public void Publish(object sender, IReadOnlyList<ResourceChange> changes)
    {
        if (changes.Count > 0)
        {
            Changed?.Invoke(sender, new ResourcesChangedEventArgs(changes));
        }
    }
}
