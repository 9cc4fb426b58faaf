using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Syncline.Client.Resources;
using Syncline.Client.Store;
using Syncline.Protocol;

namespace Syncline.Client.Sync;

/// <summary>
/// Applies one pulled page inside the caller's transaction, in timestamp order: CREATE and UPDATE
/// are upserts (entries carry the whole record), DELETE of an unknown id is a no-op, and a record
/// with unpushed local changes goes through the one conflict policy.
/// </summary>
internal sealed class PullApplier(IConflictResolver resolver)
{
    public sealed record Applied(IReadOnlyList<ResourceChange> Changes, int Conflicts, int Failed);

    public Task<Applied> ApplyAsync(SqliteConnection connection, IReadOnlyList<SyncMutation> entries, long now, CancellationToken ct) =>
        ApplyAsync(connection, entries, now, resync: false, ct);

    /// <param name="connection">The open write transaction's connection.</param>
    /// <param name="entries">The page, in timestamp order.</param>
    /// <param name="now">The local time, for queued and failed entries.</param>
    /// <param name="resync">
    /// A page of a full resync, which sends every live record again: an entry no newer than the server
    /// version this device holds is no news and is skipped, so a record with local changes the server has
    /// not touched meets no conflict, and a link hidden by a local DELETE stays hidden.
    /// </param>
    /// <param name="ct">Cancellation.</param>
    public async Task<Applied> ApplyAsync(SqliteConnection connection, IReadOnlyList<SyncMutation> entries, long now, bool resync, CancellationToken ct)
    {
        var changes = new List<ResourceChange>(entries.Count);
        var conflicts = 0;
        var failed = 0;
        var queuedRecords = await connection.QueuedRecordsAsync(ct).ConfigureAwait(false);
        var known = resync
            ? await connection.ServerVersionsAsync(Records(entries), ct).ConfigureAwait(false)
            : [];
        var existing = new Dictionary<string, HashSet<string>>();
        foreach (var page in entries.Where(e => e.Type != MutationTypes.Delete).GroupBy(e => e.Resource))
        {
            existing[page.Key] = await connection.ExistingAsync(page.Key, page.Select(IdOf).OfType<string>(), ct).ConfigureAwait(false);
        }

        foreach (var entry in entries)
        {
            if (known.Count > 0 && IdOf(entry) is { } knownId && known.TryGetValue((entry.Resource, knownId), out var version) && version >= entry.Timestamp)
            {
                continue;
            }

            // Most entries meet no local change: store the server's text as it is.
            if (IdOf(entry) is { } fastId && !queuedRecords.Contains((entry.Resource, fastId)))
            {
                await TakeRemoteFastAsync(connection, entry, fastId, existing, now, changes, ct).ConfigureAwait(false);
                continue;
            }

            var data = JsonNode.Parse(entry.Data.GetRawText())!.AsObject();
            var id = entry.Resource == ResourceNames.CollectionBookmark ? LocalResource.LinkId(data) : entry.ResourceId;
            if (id is null)
            {
                continue;
            }

            var local = await connection.GetAsync(entry.Resource, id, ct).ConfigureAwait(false);
            var queued = local is null ? [] : await connection.QueuedForAsync(entry.Resource, id, ct).ConfigureAwait(false);
            if (queued.Count == 0)
            {
                await TakeRemoteAsync(connection, entry, id, data, local, now, changes, ct).ConfigureAwait(false);
                continue;
            }

            if (queued.All(IsReadingCleared) && !(entry.Type != MutationTypes.Delete && data["isReading"]?.GetValue<bool>() == true))
            {
                // Clearing the reading flag (a side effect of making another bookmark the reading one) asks
                // only that this one not be it: a server version that is not, or is gone, already is what it
                // asks. No conflict: a bookmark deleted elsewhere must not come back, or fail, for this.
                foreach (var mutation in queued)
                {
                    await connection.RemoveQueuedAsync(mutation.Id, ct).ConfigureAwait(false);
                }

                await TakeRemoteAsync(connection, entry, id, data, local, now, changes, ct).ConfigureAwait(false);
                continue;
            }

            if (entry.Type == MutationTypes.Delete && local!.Status == SyncStatus.PendingDelete)
            {
                // Deleted on both sides: nothing to decide; the queued DELETE is still accepted by the server.
                continue;
            }

            if (queued.Any(m => m.BatchKey is not null && IsEchoOf(m, entry, data, local!)))
            {
                // This device's own push, applied by the server though its response was lost (the batch
                // is resent and answered from the server's idempotency store): no conflict. Changes made
                // since stay on top of it.
                var since = queued.Where(m => m.BatchKey is null).SelectMany(m => m.Data.Select(f => f.Key)).ToHashSet(StringComparer.Ordinal);
                await MergeAsync(connection, entry, id, data, local!, since, changes, ct).ConfigureAwait(false);
                continue;
            }

            conflicts++;
            var touched = queued.SelectMany(m => m.Data.Select(f => f.Key)).ToHashSet(StringComparer.Ordinal);
            var conflict = new SyncConflict(entry.Resource, id, entry.Type, data, local!.Status, local.Data, touched);
            switch (resolver.Resolve(conflict))
            {
                case ConflictResolution.TakeRemote:
                    foreach (var mutation in queued.Where(m => m.BatchKey is null))
                    {
                        await connection.MoveToFailedAsync(mutation, $"Conflict: the server's {entry.Type} of this record was kept", now, ct).ConfigureAwait(false);
                        failed++;
                    }

                    await TakeRemoteAsync(connection, entry, id, data, local, now, changes, ct).ConfigureAwait(false);
                    if (local.Status == SyncStatus.PendingDelete && entry.Type != MutationTypes.Delete)
                    {
                        // The local DELETE lost: the record is back, and so are the links it had hidden.
                        await connection.RestoreLinksAsync(entry.Resource, id, ct).ConfigureAwait(false);
                    }

                    break;
                case ConflictResolution.MergeFields when entry.Type != MutationTypes.Delete:
                    await MergeAsync(connection, entry, id, data, local, touched, changes, ct).ConfigureAwait(false);
                    break;
                default:
                    // KeepLocal (and MergeFields against a DELETE, which has no fields to merge).
                    await KeepLocalAsync(connection, entry, local, data, now, changes, ct).ConfigureAwait(false);
                    break;
            }
        }

        return new Applied(changes, conflicts, failed);
    }

    private static bool IsReadingCleared(QueuedMutation m) =>
        m.BatchKey is null && m.Resource == ResourceNames.Bookmark && m.Type == MutationTypes.Update
        && m.Data.Count == 1 && m.Data["isReading"]?.GetValue<bool>() == false;

    /// <summary>The records a page names, by local id (a link's is its composite id).</summary>
    public static IEnumerable<(string Resource, string Id)> Records(IEnumerable<SyncMutation> entries) =>
        entries.Select(e => (e.Resource, Id: IdOf(e))).Where(r => r.Id is not null).Select(r => (r.Resource, r.Id!));

    private static string? IdOf(SyncMutation entry) =>
        entry.Resource != ResourceNames.CollectionBookmark
            ? entry.ResourceId
            : entry.Data.TryGetProperty("collectionId", out var c) && entry.Data.TryGetProperty("bookmarkId", out var b)
                ? Protocol.Validation.LinkRules.CompositeId(c.GetString()!, b.GetString()!)
                : null;

    private static async Task TakeRemoteFastAsync(
        SqliteConnection connection, SyncMutation entry, string id, Dictionary<string, HashSet<string>> existing, long now, List<ResourceChange> changes, CancellationToken ct)
    {
        if (entry.Type == MutationTypes.Delete)
        {
            if (await connection.RemoveAsync(entry.Resource, id, ct).ConfigureAwait(false))
            {
                changes.Add(new ResourceChange(entry.Resource, id, ChangeKind.Deleted, ChangeOrigin.Remote));
            }

            existing.GetValueOrDefault(entry.Resource)?.Remove(id);
            return;
        }

        await connection.SaveServerVersionAsync(entry.Resource, id, entry.Data, entry.Timestamp, now, ct).ConfigureAwait(false);
        var known = existing.TryGetValue(entry.Resource, out var ids) ? ids : existing[entry.Resource] = [];
        changes.Add(new ResourceChange(entry.Resource, id, known.Add(id) ? ChangeKind.Created : ChangeKind.Updated, ChangeOrigin.Remote));
    }

    /// <summary>
    /// Whether a pulled entry is exactly what a mutation of the batch in flight makes of the last
    /// version the server confirmed. A push is accepted only at the head this device had pulled, so
    /// its own entry comes next for that record; a later change by another device differs from it.
    /// (Another device's identical change passes too, harmlessly: the resent batch writes the same.)
    /// </summary>
    private static bool IsEchoOf(QueuedMutation sent, SyncMutation entry, JsonObject data, LocalResource local)
    {
        if (sent.Type != entry.Type)
        {
            return false;
        }

        var expected = local.ServerData?.DeepClone().AsObject() ?? [];
        foreach (var (name, value) in sent.Data)
        {
            expected[name] = value?.DeepClone();
        }

        // Client times say when, not what: the server writes its own form of those it was sent.
        var pulled = data.DeepClone().AsObject();
        foreach (var time in (ReadOnlySpan<string>)[ClientTimes.Created, ClientTimes.Updated])
        {
            expected.Remove(time);
            pulled.Remove(time);
        }

        return JsonNode.DeepEquals(expected, pulled);
    }

    /// <summary>The pulled record, with the local values of <paramref name="keep"/>; the pulled one becomes the server's version.</summary>
    private static async Task MergeAsync(
        SqliteConnection connection, SyncMutation entry, string id, JsonObject data, LocalResource local, IReadOnlySet<string> keep, List<ResourceChange> changes, CancellationToken ct)
    {
        var merged = data.DeepClone().AsObject();
        foreach (var field in keep)
        {
            merged[field] = local.Data[field]?.DeepClone();
        }

        await connection.SaveAsync(local with { Data = merged, ServerTimestamp = entry.Timestamp, ServerData = data }, ct).ConfigureAwait(false);
        changes.Add(new ResourceChange(entry.Resource, id, ChangeKind.Updated, ChangeOrigin.Remote));
    }

    /// <summary>
    /// The local record stands and will be pushed whole. A pending DELETE or a link needs nothing
    /// more. Against a remote UPDATE, the fields the remote changed are queued back with their local
    /// values, or the server would keep them (an UPDATE only replaces the fields it names). Against a
    /// remote DELETE, the server's id is gone for good (an UPDATE of it answers 404), so the record
    /// comes back as a new one: a local id and a queued CREATE of everything it holds, with its links.
    /// </summary>
    private static async Task KeepLocalAsync(
        SqliteConnection connection, SyncMutation entry, LocalResource local, JsonObject data, long now, List<ResourceChange> changes, CancellationToken ct)
    {
        if (local.Status == SyncStatus.PendingDelete || local.Resource == ResourceNames.CollectionBookmark)
        {
            // Remember what the server holds now (nothing, after a DELETE), so a discarded local change falls back to it.
            await connection.SaveAsync(
                local with { ServerTimestamp = entry.Timestamp, ServerData = entry.Type == MutationTypes.Delete ? null : data }, ct).ConfigureAwait(false);
            return;
        }

        if (entry.Type != MutationTypes.Delete)
        {
            var differing = new JsonObject();
            foreach (var (name, value) in local.Data)
            {
                if (!JsonNode.DeepEquals(value, data[name]))
                {
                    differing[name] = value?.DeepClone();
                }
            }

            // Only the fields a client may send: computed ones (a collection's slug) the server derives again.
            var fields = LocalValidation.Fields(MutationTypes.Update, local.Resource, local.Id, differing);
            // Client times alone are no change to push back: they differ whenever another device wrote last.
            if (fields.Any(f => !ClientTimes.IsClientTime(f.Key)))
            {
                await connection.EnqueueAsync(MutationTypes.Update, local.Resource, local.Id, fields, now, ct).ConfigureAwait(false);
            }

            await connection.SaveAsync(local with { ServerTimestamp = entry.Timestamp, ServerData = data }, ct).ConfigureAwait(false);
            return;
        }

        var newId = LocalIds.New();
        var created = LocalValidation.Fields(MutationTypes.Create, local.Resource, null, local.Data);
        foreach (var mutation in await connection.QueuedForAsync(local.Resource, local.Id, ct).ConfigureAwait(false))
        {
            if (mutation.BatchKey is null)
            {
                await connection.RemoveQueuedAsync(mutation.Id, ct).ConfigureAwait(false);
            }
        }

        await connection.RemoveAsync(local.Resource, local.Id, ct).ConfigureAwait(false);
        await connection.SaveAsync(
            local with { Id = newId, Status = SyncStatus.PendingCreate, LocalUpdatedAt = now, ServerTimestamp = null, ServerData = null }, ct).ConfigureAwait(false);
        await connection.EnqueueAsync(MutationTypes.Create, local.Resource, newId, created, now, ct).ConfigureAwait(false);
        changes.Add(new ResourceChange(local.Resource, newId, ChangeKind.IdChanged, ChangeOrigin.Remote, local.Id));
        changes.AddRange(await RevivedLinks.FollowAsync(connection, local.Resource, local.Id, newId, now, ct).ConfigureAwait(false));
    }

    private static async Task TakeRemoteAsync(
        SqliteConnection connection, SyncMutation entry, string id, JsonObject data, LocalResource? local, long now, List<ResourceChange> changes, CancellationToken ct)
    {
        if (entry.Type == MutationTypes.Delete)
        {
            if (local is not null)
            {
                await connection.RemoveAsync(entry.Resource, id, ct).ConfigureAwait(false);
                changes.Add(new ResourceChange(entry.Resource, id, ChangeKind.Deleted, ChangeOrigin.Remote));
            }

            return;
        }

        var row = new LocalResource(entry.Resource, id, data, SyncStatus.Synced, local?.LocalUpdatedAt ?? now, entry.Timestamp, data, local?.CreatedAt ?? entry.Timestamp);
        await connection.SaveAsync(row, ct).ConfigureAwait(false);
        changes.Add(new ResourceChange(entry.Resource, id, local is null ? ChangeKind.Created : ChangeKind.Updated, ChangeOrigin.Remote));
    }
}
