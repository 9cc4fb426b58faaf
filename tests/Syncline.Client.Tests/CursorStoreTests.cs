using Syncline.Client.Store;

namespace Syncline.Client.Tests;

/// <summary>The stored cursor on a real local database: the upstream "no history yet" head (-1) and forward-only moves.</summary>
public sealed class CursorStoreTests : IAsyncDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "syncline-client-tests", Guid.NewGuid().ToString("N"), "device.db");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_cursor_that_applied_nothing_takes_the_no_history_head()
    {
        Assert.Equal(-1, await CursorAfterAsync(-1));
    }

    [Fact]
    public async Task A_cursor_at_the_no_history_head_moves_forward_to_the_first_entry()
    {
        Assert.Equal(1234, await CursorAfterAsync(-1, 1234));
    }

    [Fact]
    public async Task A_no_history_head_never_moves_a_cursor_that_applied_entries_back()
    {
        Assert.Equal(1234, await CursorAfterAsync(1234, -1));
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            Directory.Delete(Path.GetDirectoryName(_path)!, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }

        return ValueTask.CompletedTask;
    }

    private async Task<long> CursorAfterAsync(params long[] moves)
    {
        await using var db = await LocalDatabase.OpenAsync(_path, Ct);
        foreach (var move in moves)
        {
            await db.WriteAsync((c, t) => c.AdvanceCursorAsync(move, t), Ct);
        }

        using var connection = await db.OpenConnectionAsync(Ct);
        return (await connection.GetMetadataAsync(Ct)).LastMutationAt;
    }
}
