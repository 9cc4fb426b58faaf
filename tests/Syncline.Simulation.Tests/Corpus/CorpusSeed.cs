using System.Net;
using System.Text.Json.Nodes;
using Syncline.Server.Tests.Support;
using Syncline.Testing.Servers;

namespace Syncline.Simulation.Tests.Corpus;

/// <summary>Real data for a user, pushed through the API: bookmarks, a collection, a link, notes (one deleted), a reading bookmark and a reading session.</summary>
internal static class CorpusSeed
{
    public const string Attacker = "corpus-alice";
    public const string Victim = "corpus-bob";
    public const string IdempotencyKey = "corpus-seed";

    /// <summary>Seeds both users and returns the context the corpus is generated from.</summary>
    public static async Task<CorpusContext> SeedAsync(SyncServer server, CancellationToken ct)
    {
        var (victim, _) = await SeedUserAsync(server, Victim, ct);
        var (attacker, head) = await SeedUserAsync(server, Attacker, ct);
        return new CorpusContext(attacker, victim, head, IdempotencyKey, CorpusTokens.For(server, Attacker));
    }

    private static async Task<(SeededUser User, long Head)> SeedUserAsync(SyncServer server, string userId, CancellationToken ct)
    {
        using var api = server.Api(userId);
        var first = await api.PushAsync(0, new JsonObject
        {
            ["mutations"] = new JsonArray(
                Mutations.Collection($"{userId}'s reading list"),
                Mutations.Bookmark(2, 255).With("isReading", true),
                Mutations.Bookmark(36, type: "surah"),
                Mutations.Bookmark(1, 1),
                Mutations.Note($"{userId} wrote about the Throne Verse", "2:255-2:257"),
                Mutations.Note("A note that is deleted next", "1:1-1:7"),
                Mutations.ReadingSession(18, 10)),
        }.ToJsonString(), IdempotencyKey, ct);
        Assert.True(first.Status == HttpStatusCode.OK, $"Seeding {userId}: {first}");
        var ids = first.Mutations.Select(m => m["resourceId"]!.GetValue<string>()).ToArray();

        var second = await api.PushAsync(first.Head, new JsonObject
        {
            ["mutations"] = new JsonArray(
                Mutations.Link(ids[0], ids[3]),
                Mutations.Delete("NOTE", ids[5]),
                Mutations.Bookmark(3, 7).With("isReading", true)),
        }.ToJsonString(), null, ct);
        Assert.True(second.Status == HttpStatusCode.OK, $"Seeding {userId}: {second}");
        var reading = second.Mutations[2]["resourceId"]!.GetValue<string>();

        var user = new SeededUser(
            userId,
            AyahBookmarkId: ids[1],
            SurahBookmarkId: ids[2],
            FirstAyahBookmarkId: ids[3],
            ReadingBookmarkId: reading,
            CollectionId: ids[0],
            NoteId: ids[4],
            DeletedNoteId: ids[5],
            ReadingSessionId: ids[6]);
        return (user, second.Head);
    }
}
