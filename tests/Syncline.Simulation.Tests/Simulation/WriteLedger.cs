namespace Syncline.Simulation.Tests.Simulation;

/// <summary>What kind of local write a ledger line stands for.</summary>
internal enum WriteKind
{
    /// <summary>A CREATE or an edit that put a unique tag (note body, collection name) or a bookmark's place on a record.</summary>
    Wrote,

    /// <summary>The record carrying the tag was deleted.</summary>
    Deleted,

    /// <summary>A bookmark (by place) was put in a collection (by name).</summary>
    Linked,

    /// <summary>A bookmark was taken out of a collection.</summary>
    Unlinked,

    /// <summary>A bookmark became the reading bookmark.</summary>
    MadeReading,
}

/// <summary>
/// One write a device committed locally, named by what identifies it on every device: a note's body
/// and a collection's name are unique tags, a bookmark is its place (type, key, verse, mushaf).
/// <see cref="Ids"/> holds the ids the device knew the record(s) by when it wrote, to find them in the failed list.
/// </summary>
internal sealed record LedgerWrite(int Step, WriteKind Kind, string Resource, string Tag, string? BookmarkPlace, IReadOnlySet<string> Ids)
{
    /// <summary>
    /// The record was this device's own and not yet acknowledged when it was deleted. A bookmark is its
    /// place and a link its pair, so another device may have added the same one on its own, which this
    /// delete does not touch.
    /// </summary>
    public bool OfUnsentRecord { get; init; }

    public override string ToString() =>
        $"step {Step}: {Kind} {Resource} '{Tag}'{(BookmarkPlace is null ? "" : $" bookmark {BookmarkPlace}")} (ids {string.Join(',', Ids)})";
}

/// <summary>
/// The writes a device made that must end up on the server or in its failed list. A later write of
/// the same device that replaces an earlier one (an edit of its own pending edit, a delete of its own
/// record) retires the earlier line: the client may coalesce them, and the user meant the later one.
/// </summary>
internal sealed class WriteLedger
{
    private readonly List<LedgerWrite> _writes = [];
    private readonly List<string> _journal;

    public WriteLedger(List<string> journal) => _journal = journal;

    public IReadOnlyList<LedgerWrite> Writes => _writes;

    /// <summary>How many writes were recorded in all, retired ones included.</summary>
    public int Recorded { get; private set; }

    public void Add(LedgerWrite write)
    {
        Recorded++;
        _writes.Add(write);
        _journal.Add(write.ToString());
    }

    /// <summary>The device replaced what it had written with this tag (an edit or a delete of the record).</summary>
    public void Retire(string resource, string tag) =>
        _writes.RemoveAll(w => w.Kind is WriteKind.Wrote or WriteKind.MadeReading && w.Resource == resource && w.Tag == tag);

    /// <summary>The device made another bookmark the reading one, clearing (by a write of its own) the one it had made so.</summary>
    public void RetireReadingBut(string place) =>
        _writes.RemoveAll(w => w.Kind is WriteKind.MadeReading && w.Tag != place);

    /// <summary>
    /// The device renamed a collection: its link changes name it by the new name, which the server's
    /// record will carry even if the old one never reached it (the rename coalesced into the CREATE).
    /// </summary>
    public void RenameCollection(string from, string to)
    {
        for (var i = 0; i < _writes.Count; i++)
        {
            if (_writes[i] is { Kind: WriteKind.Linked or WriteKind.Unlinked } link && link.Tag == from)
            {
                _writes[i] = link with { Tag = to };
            }
        }
    }

    /// <summary>
    /// The device learnt the server id of a record it knew by a local id: its writes naming that record name it
    /// by both. Found by upstream seeds 179 and 881: a link reached the server, then a rename of its collection lost
    /// to a delete elsewhere, so neither the collection's new name nor the link's local ids named the link the server had.
    /// </summary>
    public void LearnId(string localId, string serverId)
    {
        for (var i = 0; i < _writes.Count; i++)
        {
            if (_writes[i].Ids.Contains(localId) && !_writes[i].Ids.Contains(serverId))
            {
                _writes[i] = _writes[i] with { Ids = new HashSet<string>(_writes[i].Ids) { serverId } };
            }
        }
    }

    /// <summary>The device took back its own link change (an unlink after its link, or the reverse).</summary>
    public void RetireLink(string collectionTag, string bookmarkPlace) =>
        _writes.RemoveAll(w => w.Kind is WriteKind.Linked or WriteKind.Unlinked && w.Tag == collectionTag && w.BookmarkPlace == bookmarkPlace);

    /// <summary>
    /// The device removed a link whose collection or bookmark is already gone here (deleted elsewhere, the
    /// link still shown): its own changes of that pair end with this removal. Found by seed 422, where the
    /// link and its removal, both unsent, folded into nothing.
    /// </summary>
    public void RetireLinkOfIds(string collectionId, string bookmarkId) =>
        _writes.RemoveAll(w => w.Kind is WriteKind.Linked or WriteKind.Unlinked && w.Ids.Contains(collectionId) && w.Ids.Contains(bookmarkId));

    /// <summary>The device deleted a collection or bookmark: its own link changes on it went with it.</summary>
    public void RetireLinksOf(string? collectionTag, string? bookmarkPlace) =>
        _writes.RemoveAll(w => w.Kind is WriteKind.Linked or WriteKind.Unlinked
            && ((collectionTag is not null && w.Tag == collectionTag) || (bookmarkPlace is not null && w.BookmarkPlace == bookmarkPlace)));
}
