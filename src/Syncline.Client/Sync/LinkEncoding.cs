using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Syncline.Client.Store;
using Syncline.Protocol;
using Syncline.Protocol.Validation;

namespace Syncline.Client.Sync;

/// <summary>How a COLLECTION_BOOKMARK mutation goes on the wire; the server profile chooses (PROTOCOL.md 4.3, UPSTREAM.md 1.5).</summary>
internal interface ILinkEncoding
{
    /// <summary>The request item of a queued link CREATE or DELETE, client times not yet added; null when this server cannot be told it.</summary>
    Task<JsonObject?> ToWireAsync(SqliteConnection connection, QueuedMutation link, CancellationToken ct);
}

/// <summary>The link encodings, by server profile.</summary>
internal static class LinkEncoding
{
    public static ILinkEncoding For(ServerProfile profile) => profile == ServerProfile.Upstream ? new ByPlace() : new ByIds();

    /// <summary>Syncline's server: both ids in <c>data</c>, for CREATE and DELETE alike (the link's exact record).</summary>
    internal sealed class ByIds : ILinkEncoding
    {
        public Task<JsonObject?> ToWireAsync(SqliteConnection connection, QueuedMutation link, CancellationToken ct) =>
            Task.FromResult<JsonObject?>(new JsonObject
            {
                ["type"] = link.Type,
                ["resource"] = link.Resource,
                ["data"] = new JsonObject { ["collectionId"] = link.Data["collectionId"]?.DeepClone(), ["bookmarkId"] = link.Data["bookmarkId"]?.DeepClone() },
            });
    }

    /// <summary>
    /// The upstream service refuses <c>bookmarkId</c> on a CREATE ("is not allowed"): it takes the
    /// collection and the bookmark's place (<c>type</c>, <c>key</c>, <c>verseNumber</c> for an ayah,
    /// <c>mushaf</c>). Every kind is sent by its place; a kind the server does not link is refused by the
    /// server, and that refusal, with its message, lands in the failed list like any other. A DELETE
    /// names the composite id, with the two ids as its only data. A CREATE whose bookmark is no longer
    /// on this device has no place to send: sending its id instead would have the whole batch refused.
    /// </summary>
    internal sealed class ByPlace : ILinkEncoding
    {
        public async Task<JsonObject?> ToWireAsync(SqliteConnection connection, QueuedMutation link, CancellationToken ct)
        {
            var collectionId = link.Data["collectionId"]!.GetValue<string>();
            var bookmarkId = link.Data["bookmarkId"]!.GetValue<string>();
            var item = new JsonObject { ["type"] = link.Type, ["resource"] = link.Resource };
            if (link.Type == MutationTypes.Delete)
            {
                item["resourceId"] = LinkRules.CompositeId(collectionId, bookmarkId);
                item["data"] = new JsonObject { ["collectionId"] = collectionId, ["bookmarkId"] = bookmarkId };
                return item;
            }

            if (await connection.GetAsync(ResourceNames.Bookmark, bookmarkId, ct).ConfigureAwait(false) is not { } bookmark)
            {
                return null;
            }

            var data = new JsonObject { ["collectionId"] = collectionId };
            data["type"] = bookmark.Data["type"]?.DeepClone() ?? "ayah";
            data["key"] = bookmark.Data["key"]?.DeepClone();
            if (bookmark.Data["verseNumber"] is { } verse)
            {
                data["verseNumber"] = verse.DeepClone();
            }

            data["mushaf"] = bookmark.Data["mushaf"]?.DeepClone() ?? 1;
            item["data"] = data;
            return item;
        }
    }
}
