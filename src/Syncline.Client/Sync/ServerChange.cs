using System.Buffers.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Syncline.Client.Store;

namespace Syncline.Client.Sync;

/// <summary>
/// A device whose server or account changed under it: checked before anything is sent, by comparing the
/// server address and the token's account with the <see cref="SyncOrigin"/> the local data came from.
/// Another server (a new address) gets a <see cref="FullResync"/> that keeps queued and failed changes: the
/// cursor, and the ids of synced records, mean nothing there. Another account gets the same resync, but its
/// queued changes go to the failed list first: they were made on the old account's data, and pushing them
/// would copy it into the new one; from the failed list the user may still send each (retry) or drop it.
/// </summary>
/// <remarks>
/// The account is a JWT's <c>sub</c>, read without checking the signature: the server checks that; here it
/// only tells one account from another. A token that is not a JWT has no account, so only its server counts.
/// </remarks>
internal static class ServerChange
{
    /// <summary>
    /// Records the origin of this sync, and starts the resync a change asks for, in the caller's write
    /// transaction (so a crash cannot record the new origin without the resync). Returns the change, if any,
    /// and how many queued changes moved to the failed list.
    /// </summary>
    public static async Task<(FullResyncReason? Change, int Failed)> CheckAsync(SqliteConnection connection, SyncOrigin current, long now, CancellationToken ct)
    {
        var recorded = await connection.GetOriginAsync(ct).ConfigureAwait(false);
        if (recorded == current)
        {
            return (null, 0);
        }

        var metadata = await connection.GetMetadataAsync(ct).ConfigureAwait(false);
        var change = ChangeFrom(recorded, current, holdsServerData: metadata.LastMutationAt > 0 || metadata.Resyncing);
        var failed = 0;
        if (change == FullResyncReason.AccountChanged)
        {
            var reason = $"Not sent: made while this device synced as {recorded!.Account}; it now syncs as {current.Account}. Retry to send it to this account, or discard it";
            foreach (var mutation in await connection.QueuedAsync(ct).ConfigureAwait(false))
            {
                await connection.MoveToFailedAsync(mutation, reason, now, ct).ConfigureAwait(false);
                failed++;
            }

            // Records the server never confirmed exist only for those changes: they leave with them (the failed
            // list keeps each record, and a retry makes it again). The resync's sweep takes the confirmed ones.
            await connection.RemoveUnconfirmedAsync(ct).ConfigureAwait(false);
        }

        if (change is { } why)
        {
            await FullResync.BeginAsync(connection, why, ct).ConfigureAwait(false);
        }

        await connection.SetOriginAsync(current, ct).ConfigureAwait(false);
        return (change, failed);
    }

    /// <summary>
    /// What a sync as <paramref name="current"/> makes of data that came from <paramref name="recorded"/>. Only data
    /// the server gave counts (<paramref name="holdsServerData"/>): changes made before any sync belong to whoever
    /// logs in first. Nothing recorded (a new device, or one synced before origins were kept) is no change.
    /// </summary>
    public static FullResyncReason? ChangeFrom(SyncOrigin? recorded, SyncOrigin current, bool holdsServerData) =>
        recorded is null || !holdsServerData ? null
        : recorded.Account is not null && current.Account is not null && recorded.Account != current.Account ? FullResyncReason.AccountChanged
        : recorded.Server != current.Server ? FullResyncReason.ServerChanged
        : null;

    public static SyncOrigin Of(Uri server, string token) => new(server.AbsoluteUri, Subject(token));

    /// <summary>The <c>sub</c> claim of a JWT, or null for any other token.</summary>
    public static string? Subject(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3 || !Base64Url.IsValid(parts[1]))
        {
            return null;
        }

        try
        {
            using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
            return payload.RootElement.ValueKind == JsonValueKind.Object
                && payload.RootElement.TryGetProperty("sub", out var sub) && sub.ValueKind == JsonValueKind.String
                ? sub.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
