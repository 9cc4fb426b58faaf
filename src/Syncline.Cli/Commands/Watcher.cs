using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.Channels;
using Syncline.Cli.Local;
using Syncline.Cli.Output;
using Syncline.Client;
using Syncline.Protocol;

namespace Syncline.Cli.Commands;

/// <summary>
/// The SDK's background sync until cancelled, printing each change that arrives from the server as
/// one line. The SDK raises its events on its own thread; they queue here and print in order.
/// </summary>
internal sealed class Watcher(CliSession session)
{
    private readonly ConcurrentQueue<ResourceChange> _arrived = new();
    private readonly Channel<SyncResult> _synced = Channel.CreateUnbounded<SyncResult>();

    public async Task RunAsync(CancellationToken ct)
    {
        session.Client.ResourcesChanged += OnChanged;
        session.Client.SyncCompleted += OnSynced;
        try
        {
            await using var background = session.Client.StartBackgroundSync();
            string? trouble = null;
            await foreach (var result in _synced.Reader.ReadAllAsync(ct).WithCancellation(ct))
            {
                session.SaveRenamedIds();
                await PrintArrivedAsync(ct);
                if (result.FullResync)
                {
                    Say(SyncCommands.FullResyncLine(result));
                }

                if (result.Pushed > 0)
                {
                    Say($"pushed {Texts.Count(result.Pushed, "change")}");
                }

                // Offline and errors once when they start, and once when they end.
                var now = SyncCommands.Trouble(result);
                if (now != trouble)
                {
                    Say(now ?? "back online");
                    trouble = now;
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Ctrl+C: stop watching.
        }
        finally
        {
            session.Client.ResourcesChanged -= OnChanged;
            session.Client.SyncCompleted -= OnSynced;
        }
    }

    private void OnChanged(object? sender, ResourcesChangedEventArgs e)
    {
        foreach (var change in e.Changes.Where(c => c.Origin == ChangeOrigin.Remote))
        {
            _arrived.Enqueue(change);
        }
    }

    private void OnSynced(object? sender, SyncResult result) => _synced.Writer.TryWrite(result);

    private async Task PrintArrivedAsync(CancellationToken ct)
    {
        while (_arrived.TryDequeue(out var change))
        {
            Say(await DescribeAsync(change, ct));
        }
    }

    private async Task<string> DescribeAsync(ResourceChange change, CancellationToken ct)
    {
        var kind = change.Kind switch
        {
            ChangeKind.Created => "created",
            ChangeKind.Deleted => "deleted",
            _ => "updated",
        };

        if (change.Resource == ResourceNames.CollectionBookmark)
        {
            var ids = change.Id.Split('-', 2);
            var bookmark = ids.Length == 2 ? ids[1] : change.Id;
            var collection = ids[0];
            return change.Kind == ChangeKind.Deleted ? $"removed bookmark {bookmark} from collection {collection}" : $"added bookmark {bookmark} to collection {collection}";
        }

        var client = session.Client;
        var details = change.Kind == ChangeKind.Deleted ? null : change.Resource switch
        {
            ResourceNames.Bookmark => await client.Bookmarks.GetAsync(change.Id, ct) is { } b ? $"({Texts.Describe(b)}{(b.IsReading ? ", reading" : "")})" : null,
            ResourceNames.Collection => await client.Collections.GetAsync(change.Id, ct) is { } c ? $"({Texts.Quote(c.Name)})" : null,
            ResourceNames.Note => await client.Notes.GetAsync(change.Id, ct) is { } n ? $"({Texts.Ranges(n)}) {Texts.Quote(n.Body)}" : null,
            ResourceNames.ReadingSession => await client.ReadingSessions.GetAsync(change.Id, ct) is { } r ? $"({Texts.Place(r)})" : null,
            _ => null,
        };
        return $"{kind} {change.Resource.ToLowerInvariant()} {change.Id}{(details is null ? "" : " " + details)}";
    }

    private void Say(string line) => session.Out.Line($"{TimeProvider.System.GetLocalNow().ToString("HH:mm:ss", CultureInfo.InvariantCulture)} {line}");
}
