namespace Syncline.Simulation.Tests.Corpus;

/// <summary>The ids of one seeded user's records (see <see cref="CorpusSeed"/>).</summary>
/// <param name="UserId">The token subject.</param>
/// <param name="AyahBookmarkId">A bookmark of 2:255.</param>
/// <param name="SurahBookmarkId">A <c>surah</c> bookmark of surah 36.</param>
/// <param name="FirstAyahBookmarkId">A bookmark of 1:1, linked to <paramref name="CollectionId"/>.</param>
/// <param name="ReadingBookmarkId">The reading bookmark, 3:7.</param>
/// <param name="CollectionId">A collection of the user's.</param>
/// <param name="NoteId">A live note.</param>
/// <param name="DeletedNoteId">A note created and then deleted.</param>
/// <param name="ReadingSessionId">A reading session at 18:10.</param>
public sealed record SeededUser(
    string UserId,
    string AyahBookmarkId,
    string SurahBookmarkId,
    string FirstAyahBookmarkId,
    string ReadingBookmarkId,
    string CollectionId,
    string NoteId,
    string DeletedNoteId,
    string ReadingSessionId);

/// <summary>Tokens for the attacking user, good and bad, minted against one running server.</summary>
public interface ICorpusTokens
{
    /// <summary>A valid token with these scopes (space-separated, in the <c>scope</c> claim).</summary>
    string Valid(string scopes);

    /// <summary>A token that expired an hour ago.</summary>
    string Expired();

    /// <summary>A token whose lifetime starts in an hour.</summary>
    string NotYetValid();

    /// <summary>A token signed with a key that is not the server's.</summary>
    string SignedWithOtherKey();

    /// <summary>A token for another audience.</summary>
    string WrongAudience();

    /// <summary>A token from another issuer.</summary>
    string WrongIssuer();

    /// <summary>A token whose <c>sub</c> is empty.</summary>
    string EmptySubject();

    /// <summary>A token with no <c>sub</c> claim at all.</summary>
    string WithoutSubject();
}

/// <summary>What the corpus is generated from: who attacks whom, the attacker's head, and tokens.</summary>
/// <param name="Attacker">The user who sends every case.</param>
/// <param name="Victim">Another user, whose ids the attacker tries to touch.</param>
/// <param name="AttackerHead">The attacker's <c>lastMutationAt</c>: every case sends it where it is not the fault, so a case that wrongly passes would be applied.</param>
/// <param name="UsedIdempotencyKey">A key the attacker's seed push used.</param>
/// <param name="Tokens">Tokens for the attacker.</param>
public sealed record CorpusContext(SeededUser Attacker, SeededUser Victim, long AttackerHead, string UsedIdempotencyKey, ICorpusTokens Tokens);
