using System.Text.Json.Nodes;
using Syncline.Protocol;
using Syncline.Protocol.Validation;
using Syncline.Server.Wire;

namespace Syncline.Server.Storage;

/// <summary>
/// Applies one validated push inside a user's write session, the same way on every store:
/// idempotent replay, the 409 check, the items in order with their own timestamps, then the side
/// effects (PROTOCOL.md section 3.2), then the head. Any refusal rolls the whole batch back.
/// Every saved row reports its change of the user's usage, so the quota is checked after each item
/// and the counters in the users row move with the push, without counting the user's data.
/// </summary>
internal sealed class PushTransaction
{
    /// <summary>How long a push response is kept for <c>Idempotency-Key</c> replay.</summary>
    public static readonly TimeSpan ReplyLifetime = TimeSpan.FromHours(24);

    // A bookmark without a type is an ayah bookmark (BookmarkRules in Syncline.Protocol says the same).
    private const string AyahType = "ayah";

    private readonly IUserWriteSession _session;
    private readonly PushCommand _command;
    private readonly UserQuota _quota;
    private readonly long _nowMs;
    private readonly TimestampClock _clock;
    private readonly List<SyncAck> _acks = [];
    private readonly List<SideEffect> _sideEffects = [];
    private Usage _usage;

    private PushTransaction(IUserWriteSession session, PushCommand command, UserQuota quota, long nowMs)
    {
        _session = session;
        _command = command;
        _quota = quota;
        _nowMs = nowMs;
        _clock = new TimestampClock(nowMs, session.Head);
        _usage = session.Usage;
    }

    public static Task<PushOutcome> RunAsync(
        IUserWriteSession session, PushCommand command, UserQuota quota, long nowMs, CancellationToken cancellationToken) =>
        new PushTransaction(session, command, quota, nowMs).RunAsync(cancellationToken);

    private async Task<PushOutcome> RunAsync(CancellationToken ct)
    {
        if (_command.IdempotencyKey is { } key)
        {
            var reply = await _session.FindReplyAsync(key, _nowMs - (long)ReplyLifetime.TotalMilliseconds, ct);
            if (reply is not null)
            {
                return reply.BodyHash == _command.BodyHash
                    ? new PushOutcome.Replayed(reply.Head, reply.Response)
                    : new PushOutcome.Refused(SyncErrorKind.Validation, "Idempotency-Key was already used with a different request body", null);
            }
        }

        if (_command.LastMutationAt != _session.Head)
        {
            return new PushOutcome.Stale(_session.Head);
        }

        var isFirstPush = _session.Head == 0;
        foreach (var mutation in _command.Mutations)
        {
            var before = _usage;
            if (await ApplyAsync(mutation, ct) is { } refusal)
            {
                return refusal;
            }

            // Checked per item, with the side effects it caused, so error.index names the first item that
            // does not fit: a client sets it aside and pushes the rest (deletes always fit).
            if (_quota.Refusal(mutation.Index, _session.Usage, before, _usage) is { } overQuota)
            {
                return new PushOutcome.Refused(SyncErrorKind.QuotaExceeded, overQuota, mutation.Index);
            }
        }

        if (isFirstPush)
        {
            await CreateDefaultCollectionAsync(ct);
        }

        await LogSideEffectsAsync(ct);

        var head = _clock.Last;
        await _session.SetHeadAsync(head, _usage, ct);
        var response = SyncJson.PushResponse(head, _acks);
        if (_command.IdempotencyKey is { } newKey)
        {
            var reply = new StoredReply(newKey, _command.BodyHash, head, response, _nowMs);
            await _session.SaveReplyAsync(reply, _nowMs - (long)ReplyLifetime.TotalMilliseconds, ct);
        }

        return new PushOutcome.Applied(head, response);
    }

    private Task<PushOutcome?> ApplyAsync(ValidMutation m, CancellationToken ct) => (m.Resource, m.Type) switch
    {
        (ResourceNames.Bookmark, MutationTypes.Create) => CreateBookmarkAsync(m, ct),
        (ResourceNames.Bookmark, MutationTypes.Update) => UpdateBookmarkAsync(m, ct),
        (ResourceNames.Collection, MutationTypes.Create) => CreateCollectionAsync(m, ct),
        (ResourceNames.Collection, MutationTypes.Update) => UpdateCollectionAsync(m, ct),
        (ResourceNames.Note, MutationTypes.Create) => CreateNoteAsync(m, ct),
        (ResourceNames.Note, MutationTypes.Update) => UpdateNoteAsync(m, ct),
        (ResourceNames.ReadingSession, MutationTypes.Create) => CreateReadingSessionAsync(m, ct),
        (ResourceNames.ReadingSession, MutationTypes.Update) => UpdateReadingSessionAsync(m, ct),
        (ResourceNames.CollectionBookmark, MutationTypes.Create) => CreateLinkAsync(m, ct),
        (ResourceNames.CollectionBookmark, MutationTypes.Delete) => DeleteLinkAsync(m, ct),
        (_, MutationTypes.Delete) => DeleteAsync(m, ct),
        _ => throw new InvalidOperationException($"No rule for {m.Type} {m.Resource}"),
    };

    private async Task<PushOutcome?> CreateBookmarkAsync(ValidMutation m, CancellationToken ct)
    {
        var existing = await _session.FindLiveBookmarkAsync(BookmarkRules.NaturalKey(m.Fields), ct);
        if (existing is not null)
        {
            // One bookmark per location: a second CREATE merges into the first and says which it is.
            var merged = existing with { Data = Merge(existing.Data, m.Fields) };
            await ClearPreviousReadingAsync(merged, ct);
            await LogItemAsync(m, merged, MutationTypes.Update, ct);
            return null;
        }

        var row = new ResourceRow(ResourceNames.Bookmark, ServerIds.New(), Clone(m.Fields), Deleted: false, Timestamp: 0);
        await ClearPreviousReadingAsync(row, ct);
        await LogItemAsync(m, row, MutationTypes.Create, ct);
        return null;
    }

    private async Task<PushOutcome?> UpdateBookmarkAsync(ValidMutation m, CancellationToken ct)
    {
        if (await FindLiveAsync(m.Resource, m.ResourceId!, ct) is not { } row)
        {
            return NotFound(m);
        }

        var updated = row with { Data = Merge(row.Data, m.Fields) };
        if (BookmarkRules.CheckComplete(updated.Data) is { } error)
        {
            return Invalid(error, m);
        }

        if (updated.BookmarkKey != row.BookmarkKey
            && await _session.FindLiveBookmarkAsync(updated.BookmarkKey!, ct) is { } other && other.Id != row.Id)
        {
            return Invalid("Bookmark already exists", m);
        }

        await ClearPreviousReadingAsync(updated, ct);
        await LogItemAsync(m, updated, MutationTypes.Update, ct);
        return null;
    }

    private async Task<PushOutcome?> CreateCollectionAsync(ValidMutation m, CancellationToken ct)
    {
        var data = Clone(m.Fields);
        data[DataFields.Slug] = CollectionRules.Slug(data[DataFields.Name]!.GetValue<string>());
        data[DataFields.IsDefault] = false;
        data[DataFields.IsSystem] = false;
        await LogItemAsync(m, new ResourceRow(m.Resource, ServerIds.New(), data, false, 0), MutationTypes.Create, ct);
        return null;
    }

    private async Task<PushOutcome?> UpdateCollectionAsync(ValidMutation m, CancellationToken ct)
    {
        if (await FindLiveAsync(m.Resource, m.ResourceId!, ct) is not { } row)
        {
            return NotFound(m);
        }

        var data = Merge(row.Data, m.Fields);
        data[DataFields.Slug] = CollectionRules.Slug(data[DataFields.Name]!.GetValue<string>());
        await LogItemAsync(m, row with { Data = data }, MutationTypes.Update, ct);
        return null;
    }

    private async Task<PushOutcome?> CreateNoteAsync(ValidMutation m, CancellationToken ct)
    {
        await LogItemAsync(m, new ResourceRow(m.Resource, ServerIds.New(), Clone(m.Fields), false, 0), MutationTypes.Create, ct);
        return null;
    }

    private async Task<PushOutcome?> UpdateNoteAsync(ValidMutation m, CancellationToken ct)
    {
        if (await FindLiveAsync(m.Resource, m.ResourceId!, ct) is not { } row)
        {
            return NotFound(m);
        }

        await LogItemAsync(m, row with { Data = Merge(row.Data, m.Fields) }, MutationTypes.Update, ct);
        return null;
    }

    /// <summary>A reading session is a new record every time: a user keeps several, and none merges into another.</summary>
    private async Task<PushOutcome?> CreateReadingSessionAsync(ValidMutation m, CancellationToken ct)
    {
        await LogItemAsync(m, new ResourceRow(m.Resource, ServerIds.New(), Clone(m.Fields), false, 0), MutationTypes.Create, ct);
        return null;
    }

    private async Task<PushOutcome?> UpdateReadingSessionAsync(ValidMutation m, CancellationToken ct)
    {
        if (await FindLiveAsync(m.Resource, m.ResourceId!, ct) is not { } row)
        {
            return NotFound(m);
        }

        // An UPDATE may name only the surah or only the ayah: the place it leaves must still be an ayah.
        var updated = row with { Data = Merge(row.Data, m.Fields) };
        if (ReadingSessionRules.CheckComplete(updated.Data) is { } error)
        {
            return Invalid(error, m);
        }

        await LogItemAsync(m, updated, MutationTypes.Update, ct);
        return null;
    }

    /// <summary>DELETE of a bookmark, collection, note or reading session; an already deleted one is accepted and logged again.</summary>
    private async Task<PushOutcome?> DeleteAsync(ValidMutation m, CancellationToken ct)
    {
        if (await FindClientIdAsync(m.Resource, m.ResourceId!, ct) is not { } row)
        {
            return NotFound(m);
        }

        await LogItemAsync(m, row with { Deleted = true }, MutationTypes.Delete, ct);
        var links = m.Resource switch
        {
            ResourceNames.Collection => await _session.FindLiveLinksAsync(row.Id, null, ct),
            ResourceNames.Bookmark => await _session.FindLiveLinksAsync(null, row.Id, ct),
            _ => [],
        };
        foreach (var link in links)
        {
            await SaveAsync(link with { Deleted = true }, ct);
            _sideEffects.Add(new SideEffect(MutationTypes.Delete, link.Resource, link.Id));
        }

        return null;
    }

    private async Task<PushOutcome?> CreateLinkAsync(ValidMutation m, CancellationToken ct)
    {
        var collectionId = m.Fields[DataFields.CollectionId]!.GetValue<string>();
        if (await FindLiveCollectionAsync(collectionId, ct) is null)
        {
            return NotFound(m);
        }

        var details = m.Fields[LinkRules.BookmarkDetails] as JsonObject;
        var bookmark = details is null
            ? await FindLiveAsync(ResourceNames.Bookmark, m.Fields[DataFields.BookmarkId]!.GetValue<string>(), ct)
            : await _session.FindLiveBookmarkAsync(BookmarkRules.NaturalKey(details), ct);
        if (details is null && bookmark is null)
        {
            return NotFound(m);
        }

        var bookmarkType = (bookmark?.Data ?? details!)[DataFields.Type]?.GetValue<string>() ?? AyahType;
        if (collectionId == CollectionRules.DefaultId && bookmarkType != AyahType)
        {
            return Invalid("Only ayah bookmarks can be added to the default collection", m);
        }

        if (bookmark is null)
        {
            bookmark = new ResourceRow(ResourceNames.Bookmark, ServerIds.New(), Clone(details!), false, 0);
            await SaveAsync(bookmark, ct);
            _sideEffects.Add(new SideEffect(MutationTypes.Create, bookmark.Resource, bookmark.Id));
        }

        var data = new JsonObject { [DataFields.CollectionId] = collectionId, [DataFields.BookmarkId] = bookmark.Id };
        foreach (var (name, value) in m.Fields)
        {
            if (name is not (DataFields.CollectionId or DataFields.BookmarkId or LinkRules.BookmarkDetails))
            {
                data[name] = value?.DeepClone();
            }
        }

        var link = new ResourceRow(m.Resource, LinkRules.CompositeId(collectionId, bookmark.Id), data, false, 0);
        await LogItemAsync(m, link, MutationTypes.Create, ct);
        return null;
    }

    private async Task<PushOutcome?> DeleteLinkAsync(ValidMutation m, CancellationToken ct)
    {
        var id = LinkRules.CompositeId(m.Fields[DataFields.CollectionId]!.GetValue<string>(), m.Fields[DataFields.BookmarkId]!.GetValue<string>());
        if (await FindClientIdAsync(m.Resource, id, ct) is not { } row)
        {
            return NotFound(m);
        }

        await LogItemAsync(m, row with { Deleted = true }, MutationTypes.Delete, ct);
        return null;
    }

    /// <summary>Setting <c>isReading</c> clears it on the previous reading bookmark, logged as a side effect.</summary>
    private async Task ClearPreviousReadingAsync(ResourceRow bookmark, CancellationToken ct)
    {
        if (!bookmark.IsReading || await _session.FindReadingBookmarkAsync(ct) is not { } previous || previous.Id == bookmark.Id)
        {
            return;
        }

        var cleared = Clone(previous.Data);
        cleared[DataFields.IsReading] = false;
        await SaveAsync(previous with { Data = cleared }, ct);
        _sideEffects.Add(new SideEffect(MutationTypes.Update, previous.Resource, previous.Id));
    }

    private async Task CreateDefaultCollectionAsync(CancellationToken ct)
    {
        if (await _session.FindAsync(ResourceNames.Collection, CollectionRules.DefaultId, ct) is not null)
        {
            return;
        }

        var row = DefaultCollection() with { Timestamp = _clock.Next() };
        // The system collection is the server's, not the user's (it cannot be deleted): it counts toward no quota.
        await _session.SaveAsync(row, ct);
        await _session.AppendAsync(ToLogEntry(row, MutationTypes.Create), ct);
    }

    /// <summary>
    /// Side effects are timestamped after all items. Each entry carries its target's state at the
    /// end of the batch, so replaying the log always yields the current state. A target that a later
    /// item of the batch deleted gets no entry: its DELETE is already logged, and an UPDATE or
    /// CREATE after it would bring it back on replay.
    /// </summary>
    private async Task LogSideEffectsAsync(CancellationToken ct)
    {
        foreach (var effect in _sideEffects)
        {
            var current = (await _session.FindAsync(effect.Resource, effect.Id, ct))!;
            if (current.Deleted && effect.Type != MutationTypes.Delete)
            {
                continue;
            }

            var row = current with { Timestamp = _clock.Next() };
            await SaveAsync(row, ct);
            await _session.AppendAsync(ToLogEntry(row, effect.Type), ct);
        }
    }

    private async Task LogItemAsync(ValidMutation m, ResourceRow row, string loggedType, CancellationToken ct)
    {
        row = row with { Timestamp = _clock.Next() };
        await SaveAsync(row, ct);
        var entry = ToLogEntry(row, loggedType);
        await _session.AppendAsync(entry, ct);
        _acks.Add(new SyncAck(m.Type, m.Resource, row.Id, entry.Data, entry.Timestamp));
    }

    /// <summary>Saves a row of the current state and counts what that changed of the user's usage.</summary>
    private async Task SaveAsync(ResourceRow row, CancellationToken ct) => _usage = _usage.Add(await _session.SaveAsync(row, ct));

    private async Task<ResourceRow?> FindLiveAsync(string resource, string id, CancellationToken ct) =>
        await FindClientIdAsync(resource, id, ct) is { Deleted: false } row ? row : null;

    /// <summary>
    /// Finds a row by an id a client sent. An id with a NUL character names no row (ids never hold one),
    /// and PostgreSQL cannot even take it as a parameter: it is simply not found (PROTOCOL.md section 3.2).
    /// </summary>
    private async Task<ResourceRow?> FindClientIdAsync(string resource, string id, CancellationToken ct) =>
        id.Contains('\0', StringComparison.Ordinal) ? null : await _session.FindAsync(resource, id, ct);

    /// <summary><c>__default__</c> is a valid collection at all times, also before the first push creates it.</summary>
    private async Task<ResourceRow?> FindLiveCollectionAsync(string id, CancellationToken ct) =>
        await FindLiveAsync(ResourceNames.Collection, id, ct)
        ?? (id == CollectionRules.DefaultId && _session.Head == 0 ? DefaultCollection() : null);

    private static ResourceRow DefaultCollection() => new(
        ResourceNames.Collection,
        CollectionRules.DefaultId,
        new JsonObject
        {
            [DataFields.Name] = CollectionRules.DefaultName,
            ["isPrivate"] = true,
            [DataFields.Slug] = CollectionRules.Slug(CollectionRules.DefaultName),
            [DataFields.IsDefault] = true,
            [DataFields.IsSystem] = true,
        },
        Deleted: false,
        Timestamp: 0);

    private static LogEntry ToLogEntry(ResourceRow row, string type)
    {
        var isLink = row.Resource == ResourceNames.CollectionBookmark;
        var data = type != MutationTypes.Delete
            ? StoredJson.Text(row.Data)
            : isLink
                ? StoredJson.Text(new JsonObject { [DataFields.CollectionId] = row.CollectionId, [DataFields.BookmarkId] = row.BookmarkId })
                : "{}";
        return new LogEntry(row.Timestamp, type, row.Resource, isLink ? null : row.Id, data);
    }

    private static JsonObject Merge(JsonObject stored, JsonObject fields)
    {
        var merged = Clone(stored);
        foreach (var (name, value) in fields)
        {
            merged[name] = value?.DeepClone();
        }

        return merged;
    }

    private static JsonObject Clone(JsonObject data) => data.DeepClone().AsObject();

    private static PushOutcome NotFound(ValidMutation m) =>
        new PushOutcome.Refused(SyncErrorKind.NotFound, $"Resource not found at mutation[{m.Index}]", m.Index);

    private static PushOutcome Invalid(string error, ValidMutation m) =>
        new PushOutcome.Refused(SyncErrorKind.Validation, $"{error} at mutation[{m.Index}]", m.Index);

    private sealed record SideEffect(string Type, string Resource, string Id);
}
