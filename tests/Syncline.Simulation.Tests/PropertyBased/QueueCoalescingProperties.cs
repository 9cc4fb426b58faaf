using System.Text;
using CsCheck;
using Syncline.Client.Sync;

namespace Syncline.Simulation.Tests.PropertyBased;

/// <summary>
/// Folding the queue must not change what the server ends with. For any sequence of the app's
/// writes on one device (creates, edits, deletes of collections, bookmarks, links and notes, starting
/// from a synced state) with pushes of small batches in between: pushing the folded queue, as the SDK
/// does, leaves the server in the state it would reach by applying every write, unfolded, in the order
/// it was made.
/// </summary>
public sealed class QueueCoalescingProperties
{
    private static readonly Gen<LocalStep> Step = Gen.Select(
        Gen.Enum<LocalAction>(), Gen.Int[0, 5], Gen.Int[0, 5], (action, target, value) => new LocalStep(action, target, value));

    private static readonly Gen<(LocalStep[] Steps, int BatchSize)> Scenario = Gen.Select(Step.Array[1, 40], Gen.Int[1, 4]);

    private static readonly Gen<LocalStep[]> OfflineWrites = Step.Where(s => s.Action != LocalAction.Push).Array[1, 40];

    [Fact]
    public void Pushing_the_folded_queue_leaves_the_server_as_every_write_applied_in_order_would() =>
        Scenario.Sample(
            scenario =>
            {
                var (steps, batchSize) = scenario;
                var device = new LocalDevice(ServerModel.Initial());
                var pushed = ServerModel.Initial();
                var pusher = new Pusher(device, pushed, batchSize);
                foreach (var step in steps)
                {
                    if (step.Action == LocalAction.Push)
                    {
                        pusher.Push();
                    }
                    else
                    {
                        device.Write(step);
                    }
                }

                var stuck = pusher.Drain();
                var expected = ServerModel.Initial();
                foreach (var m in device.Written)
                {
                    expected.Apply(m);
                }

                var differences = expected.Differences(pushed);
                if (expected.Refusals.Count + pushed.Refusals.Count + stuck.Count + differences.Count > 0)
                {
                    throw new InvalidOperationException(new StringBuilder()
                        .AppendLine("Writes applied in order, unfolded:")
                        .AppendJoin('\n', device.Written.Select(ServerModel.Describe)).AppendLine()
                        .AppendLine("Pushed, folded:")
                        .AppendJoin('\n', pusher.Sent).AppendLine()
                        .AppendLine("Left in the queue: " + string.Join(" | ", stuck.Select(ServerModel.Describe)))
                        .AppendLine("Refused, in order: " + string.Join(" | ", expected.Refusals))
                        .AppendLine("Refused, folded: " + string.Join(" | ", pushed.Refusals))
                        .AppendLine("Differences (in order vs folded):")
                        .AppendJoin('\n', differences)
                        .ToString());
                }
            },
            iter: 5000,
            print: scenario => $"batch size {scenario.BatchSize}: {string.Join(", ", scenario.Steps)}");

    [Fact]
    public void Folding_a_folded_queue_changes_nothing() =>
        OfflineWrites.Sample(
            steps =>
            {
                var device = Offline(steps);
                Pusher.Fold(device);
                var plan = QueueCoalescing.Coalesce(device.Queue, device.OnServer);
                return plan.Dropped.Count + plan.Rewritten.Count + plan.Vanished.Count == 0;
            },
            iter: 1000,
            print: steps => string.Join(", ", steps));

    [Fact]
    public void A_folded_queue_holds_at_most_one_mutation_per_record() =>
        OfflineWrites.Sample(
            steps =>
            {
                var device = Offline(steps);
                Pusher.Fold(device);
                return device.Queue
                    .CountBy(m => (m.Resource, m.ResourceId))
                    .All(c => c.Value == 1);
            },
            iter: 1000,
            print: steps => string.Join(", ", steps));

    private static LocalDevice Offline(LocalStep[] steps)
    {
        var device = new LocalDevice(ServerModel.Initial());
        foreach (var step in steps)
        {
            device.Write(step);
        }

        return device;
    }
}
