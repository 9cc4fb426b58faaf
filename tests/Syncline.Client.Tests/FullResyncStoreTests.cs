using System.Text.Json;
using Syncline.Client.Store;
using Syncline.Client.Sync;
using Syncline.Protocol;

namespace Syncline.Client.Tests;

/// <summary>
/// The pieces of a full resync on a real local database, no server: pages of a resync are applied here
/// as the sync engine applies them. That a real server's 410 leads there is in <see cref="FullResyncTests"/>.
/// </summary>
public sealed class FullResyncStoreTests : IAsyncDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "syncline-client-tests", Guid.NewGuid().ToString("N"), "device.db");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_sweep_removes_synced_records_no_page_of_the_resync_named()
    {
        await using (var db = await LocalDatabase.OpenAsync(_path, Ct))
        {
            await ApplyPageAsync(db, Note("n1", "kept", 10), Note("n2", "deleted elsewhere", 11), Note("n3", "changed elsewhere", 12));
            await db.WriteAsync(FullResync.BeginAsync, Ct);
            await ApplyPageAsync(db, Note("n1", "kept", 10), Note("n3", "changed since", 20));
            await FinishAsync(db);
        }

        Assert.Equal(["n1 kept Synced", "n3 changed since Synced"], await NotesAsync());
    }

    [Fact]
    public async Task A_resync_closed_between_pages_still_sweeps_at_the_end_of_the_resumed_pull()
    {
        await using (var db = await LocalDatabase.OpenAsync(_path, Ct))
        {
            await ApplyPageAsync(db, Note("n1", "first page", 10), Note("n2", "deleted elsewhere", 11), Note("n3", "second page", 12));
            await db.WriteAsync(FullResync.BeginAsync, Ct);
            await ApplyPageAsync(db, Note("n1", "first page", 10));
        }

        await using (var reopened = await LocalDatabase.OpenAsync(_path, Ct))
        {
            var metadata = await ReadAsync(reopened, (c, t) => c.GetMetadataAsync(t));
            Assert.Equal((true, 10L), (metadata.Resyncing, metadata.LastMutationAt));
            await ApplyPageAsync(reopened, Note("n3", "second page", 12));
            await FinishAsync(reopened);
            Assert.False((await ReadAsync(reopened, (c, t) => c.GetMetadataAsync(t))).Resyncing);
        }

        Assert.Equal(["n1 first page Synced", "n3 second page Synced"], await NotesAsync());
    }

    [Fact]
    public async Task A_resync_page_repeating_the_version_this_device_holds_is_no_conflict_for_its_local_edit()
    {
        await using (var db = await LocalDatabase.OpenAsync(_path, Ct))
        {
            await ApplyPageAsync(db, Note("n1", "as pulled", 10));
        }

        await EditOfflineAsync("n1", "edited here");
        int conflicts;
        await using (var db = await LocalDatabase.OpenAsync(_path, Ct))
        {
            await db.WriteAsync(FullResync.BeginAsync, Ct);
            // The server's resolver would let the server win: a conflict would send the edit to the failed list.
            conflicts = await ApplyPageAsync(db, ConflictResolvers.ServerWins, Note("n1", "as pulled", 10));
            await FinishAsync(db);
        }

        Assert.Equal(0, conflicts);
        Assert.Equal(["n1 edited here PendingUpdate"], await NotesAsync());
        await using var client = await OpenOfflineClientAsync();
        Assert.Equal(1, (await client.GetStatusAsync(Ct)).PendingCount);
        Assert.Empty(await client.Failed.ListAsync(Ct));
    }

    [Fact]
    public async Task A_local_edit_of_a_record_the_server_no_longer_has_meets_the_conflict_policy_as_a_pulled_delete()
    {
        await using (var db = await LocalDatabase.OpenAsync(_path, Ct))
        {
            await ApplyPageAsync(db, Note("n1", "as pulled", 10), Note("n2", "still there", 11));
        }

        await EditOfflineAsync("n1", "edited here");
        PullApplier.Applied swept;
        await using (var db = await LocalDatabase.OpenAsync(_path, Ct))
        {
            await db.WriteAsync(FullResync.BeginAsync, Ct);
            await ApplyPageAsync(db, Note("n2", "still there", 11));
            swept = await FinishAsync(db);
        }

        // The default policy: a remote DELETE wins over a local UPDATE, which goes to the failed list.
        Assert.Equal((1, 1), (swept.Conflicts, swept.Failed));
        Assert.Equal(["n2 still there Synced"], await NotesAsync());
        await using var client = await OpenOfflineClientAsync();
        var failed = Assert.Single(await client.Failed.ListAsync(Ct));
        Assert.Equal(("UPDATE", "n1", "edited here"), (failed.Type, failed.ResourceId, failed.Data["body"]!.GetValue<string>()));
        Assert.Equal(0, (await client.GetStatusAsync(Ct)).PendingCount);
    }

    [Fact]
    public async Task A_local_delete_of_a_record_the_server_no_longer_has_is_settled_without_a_push()
    {
        await using (var db = await LocalDatabase.OpenAsync(_path, Ct))
        {
            await ApplyPageAsync(db, Note("n1", "deleted on both sides", 10));
        }

        await using (var client = await OpenOfflineClientAsync())
        {
            await client.Notes.DeleteAsync("n1", Ct);
        }

        await using (var db = await LocalDatabase.OpenAsync(_path, Ct))
        {
            await db.WriteAsync(FullResync.BeginAsync, Ct);
            await FinishAsync(db);
        }

        await using var reopened = await OpenOfflineClientAsync();
        Assert.Equal((0L, 0L), ((await reopened.GetStatusAsync(Ct)).PendingCount, (await reopened.GetStatusAsync(Ct)).FailedCount));
        Assert.Empty(await reopened.Notes.ListAsync(Ct));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            Directory.Delete(Path.GetDirectoryName(_path)!, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }

        await Task.CompletedTask;
    }

    private static SyncMutation Note(string id, string body, long timestamp)
    {
        using var data = JsonDocument.Parse($$"""{"body":"{{body}}","ranges":["1:1-1:2"]}""");
        return new SyncMutation(MutationTypes.Update, ResourceNames.Note, id, data.RootElement.Clone(), timestamp);
    }

    private static Task<int> ApplyPageAsync(LocalDatabase db, params SyncMutation[] page) => ApplyPageAsync(db, ConflictResolvers.LocalChangesWin, page);

    /// <summary>One page in one transaction, as <c>SyncEngine.PullAsync</c> applies it.</summary>
    private static Task<int> ApplyPageAsync(LocalDatabase db, IConflictResolver resolver, params SyncMutation[] page) =>
        db.WriteAsync(async (c, t) =>
        {
            var resyncing = (await c.GetMetadataAsync(t)).Resyncing;
            var applied = await new PullApplier(resolver).ApplyAsync(c, page, 1, resyncing, t);
            if (resyncing)
            {
                await FullResync.MarkSeenAsync(c, page, t);
            }

            await c.AdvanceCursorAsync(page[^1].Timestamp, t);
            return applied.Conflicts;
        }, Ct);

    private static Task<PullApplier.Applied> FinishAsync(LocalDatabase db) =>
        db.WriteAsync((c, t) => FullResync.FinishAsync(c, new PullApplier(ConflictResolvers.LocalChangesWin), 1, t), Ct);

    private static async Task<T> ReadAsync<T>(LocalDatabase db, Func<Microsoft.Data.Sqlite.SqliteConnection, CancellationToken, Task<T>> read)
    {
        using var connection = await db.OpenConnectionAsync(Ct);
        return await read(connection, Ct);
    }

    private async Task EditOfflineAsync(string id, string body)
    {
        await using var client = await OpenOfflineClientAsync();
        await client.Notes.EditAsync(id, body, cancellationToken: Ct);
    }

    private Task<SyncClient> OpenOfflineClientAsync() =>
        SyncClient.OpenAsync(
            new SyncClientOptions { ServerUrl = new Uri("http://127.0.0.1:1/"), DatabasePath = _path, TokenProvider = _ => ValueTask.FromResult("unused") },
            cancellationToken: Ct);

    private async Task<List<string>> NotesAsync()
    {
        await using var client = await OpenOfflineClientAsync();
        return [.. (await client.Notes.ListAsync(Ct)).OrderBy(n => n.Id).Select(n => $"{n.Id} {n.Body} {n.Status}")];
    }
}
