using Syncline.Client.Store;
using Syncline.Client.Sync;
using Syncline.Protocol;
using Syncline.Protocol.Validation;

namespace Syncline.Simulation.Tests.PropertyBased;

/// <summary>
/// The push side of the SDK over a <see cref="LocalDevice"/>, as <c>Sync/PushPlanner.cs</c> does it:
/// fold the queue with the real <see cref="QueueCoalescing"/> (dropping, rewriting and forgetting
/// what its plan says), then take up to the batch size of the unsent mutations in push order
/// (collections and bookmarks, then links, then notes; oldest first within each) that name no id
/// the server has not yet given, and send them. The server applies a batch when it is sent; the
/// acknowledgement, one step later, takes it off the queue. A batch in flight is never folded.
/// It folds before every batch, where the SDK folds once per push phase: a sync can end between two
/// batches of one fold (<see cref="FoldingCounterexampleTests"/> shows one way), so any batch may be
/// the first of the next phase.
/// </summary>
internal sealed class Pusher(LocalDevice device, ServerModel server, int batchSize)
{
    private readonly HashSet<string> _named = [];
    private List<QueuedMutation>? _inFlight;
    private int _batches;

    /// <summary>What was sent, batch by batch, to print with a counterexample.</summary>
    public List<string> Sent { get; } = [];

    /// <summary>One push step: acknowledge the batch in flight, or send the next one.</summary>
    public void Push()
    {
        if (_inFlight is not null)
        {
            Acknowledge();
        }
        else
        {
            Send();
        }
    }

    /// <summary>Syncs until nothing more can be sent; returns what stays queued (nothing, when all is well).</summary>
    public List<QueuedMutation> Drain()
    {
        if (_inFlight is not null)
        {
            Acknowledge();
        }

        while (Send())
        {
            Acknowledge();
        }

        return device.Queue;
    }

    public static void Fold(LocalDevice device)
    {
        var plan = QueueCoalescing.Coalesce(device.Queue, device.OnServer);
        device.Queue.RemoveAll(m => plan.Dropped.Contains(m.Id));
        foreach (var rewritten in plan.Rewritten)
        {
            var at = device.Queue.FindIndex(m => m.Id == rewritten.Id);
            if (at >= 0)
            {
                device.Queue[at] = rewritten;
            }
        }

        foreach (var (resource, id) in plan.Vanished)
        {
            device.Forget(resource, id);
        }
    }

    private bool Send()
    {
        Fold(device);
        var batch = device.Queue
            .Where(m => m.BatchKey is null)
            .OrderBy(m => m.Resource switch { ResourceNames.Collection or ResourceNames.Bookmark => 0, ResourceNames.CollectionBookmark => 1, _ => 2 })
            .ThenBy(m => m.Id)
            .Where(IsReady)
            .Take(batchSize)
            .ToList();
        if (batch.Count == 0)
        {
            return false;
        }

        var key = $"batch-{++_batches}";
        foreach (var m in batch)
        {
            device.Queue[device.Queue.FindIndex(q => q.Id == m.Id)] = m with { BatchKey = key };
            device.Sent.Add(m.Id);
            server.Apply(m);
        }

        Sent.Add($"{key}: {string.Join(" | ", batch.Select(ServerModel.Describe))}");
        _inFlight = batch;
        return true;
    }

    private void Acknowledge()
    {
        foreach (var m in _inFlight!)
        {
            device.Queue.RemoveAll(q => q.Id == m.Id);
            if (m.Type == MutationTypes.Create)
            {
                _named.Add(m.ResourceId);
                device.OnServer.Add((m.Resource, m.ResourceId));
            }
            else if (m.Type == MutationTypes.Delete)
            {
                device.OnServer.Remove((m.Resource, m.ResourceId));
            }
        }

        _inFlight = null;
    }

    /// <summary><see cref="PushPlanner.IsReady"/>, where an id the server has acknowledged counts as the server id it was renamed to.</summary>
    private bool IsReady(QueuedMutation m) => m.Resource == ResourceNames.CollectionBookmark
        ? IsServerId(m.Data["collectionId"]!.GetValue<string>()) && IsServerId(m.Data["bookmarkId"]!.GetValue<string>())
        : m.Type == MutationTypes.Create || IsServerId(m.ResourceId);

    private bool IsServerId(string id) => !LocalIds.IsLocal(id) || _named.Contains(id) || id == CollectionRules.DefaultId;
}
