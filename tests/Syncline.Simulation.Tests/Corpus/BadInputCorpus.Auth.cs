using System.Text;
using System.Text.Json.Nodes;
using Syncline.Testing.Servers;

namespace Syncline.Simulation.Tests.Corpus;

/// <summary>Tokens and scopes (PROTOCOL.md section 2): 401 for no, bad or expired token; 403 for a missing scope.</summary>
public sealed partial class BadInputCorpus
{
    private void AddTokens()
    {
        const CorpusCategory C = CorpusCategory.Tokens;
        var tokens = _context.Tokens;
        var valid = tokens.Valid(AllScopes);
        (string Name, KeyValuePair<string, string>[] Headers)[] credentials =
        [
            ("no credentials", []),
            ("Bearer alone", Header("Authorization", "Bearer")),
            ("Bearer and a space", Header("Authorization", "Bearer ")),
            ("Bearer x", Header("Authorization", "Bearer x")),
            ("Bearer a.b.c", Header("Authorization", "Bearer a.b.c")),
            ("Bearer and 8000 characters", Header("Authorization", $"Bearer {Repeat("a", 8000)}")),
            ("Basic credentials", Header("Authorization", "Basic YWxpY2U6c2VjcmV0")),
            ("the token without Bearer", Header("Authorization", valid)),
            ("the token after Token", Header("Authorization", $"Token {valid}")),
            ("the token and more text", Header("Authorization", $"Bearer {valid} extra")),
            ("the token with a changed signature", Header("Authorization", $"Bearer {ChangeLastCharacter(valid)}")),
            ("the token without its signature", Header("Authorization", $"Bearer {valid[..(valid.LastIndexOf('.') + 1)]}")),
            ("the token's subject changed to the other user", Header("Authorization", $"Bearer {WithPayload(valid, p => p["sub"] = Other.UserId)}")),
            ("the token's scope widened", Header("Authorization", $"Bearer {WithPayload(tokens.Valid("sync bookmark"), p => p["scope"] = AllScopes)}")),
            ("an unsigned token (alg none)", Header("Authorization", $"Bearer {Unsigned(valid)}")),
            ("an expired token", Header("Authorization", $"Bearer {tokens.Expired()}")),
            ("a token not valid yet", Header("Authorization", $"Bearer {tokens.NotYetValid()}")),
            ("a token signed with another key", Header("Authorization", $"Bearer {tokens.SignedWithOtherKey()}")),
            ("a token for another audience", Header("Authorization", $"Bearer {tokens.WrongAudience()}")),
            ("a token from another issuer", Header("Authorization", $"Bearer {tokens.WrongIssuer()}")),
            ("a token with an empty subject", Header("Authorization", $"Bearer {tokens.EmptySubject()}")),
            ("a token without a subject", Header("Authorization", $"Bearer {tokens.WithoutSubject()}")),
            ("x-auth-token x", Header("x-auth-token", "x")),
            ("x-auth-token Bearer alone", Header("x-auth-token", "Bearer ")),
            ("x-auth-token expired", Header("x-auth-token", tokens.Expired())),
            ("x-auth-token signed with another key", Header("x-auth-token", tokens.SignedWithOtherKey())),
            ("an expired Authorization beside a valid x-auth-token", [new("Authorization", $"Bearer {tokens.Expired()}"), new("x-auth-token", valid)]),
        ];
        var body = ValidBody();
        foreach (var (name, headers) in credentials)
        {
            Add(C, $"GET with {name}", Pull("?mutationsSince=0", headers), CorpusExpectation.Status(401));
            Add(C, $"POST with {name}", Push(body, headers: headers), CorpusExpectation.Status(401));
        }
    }

    private void AddScopes()
    {
        const CorpusCategory C = CorpusCategory.Scopes;
        string[] withoutSync =
        [
            "bookmark collection note", "", "SYNC bookmark collection note", "Sync bookmark collection note", "syncbookmark collection note",
            "sync:read bookmark collection note", "sync-all bookmark collection note", "bookmark,sync,collection,note", "openid profile",
        ];
        foreach (var scopes in withoutSync)
        {
            var headers = Header("Authorization", $"Bearer {_context.Tokens.Valid(scopes)}");
            Add(C, $"GET with scopes \"{scopes}\"", Pull("?mutationsSince=0", headers), CorpusExpectation.Status(403, messageContains: "sync"));
            Add(C, $"POST with scopes \"{scopes}\"", Push(ValidBody(), headers: headers), CorpusExpectation.Status(403, messageContains: "sync"));
        }

        // Section 2: a push with a mutation on a resource the token has no scope for is refused whole, naming the scope.
        (string Resource, JsonObject[] Items, (string Scopes, string Missing)[] Tokens)[] perResource =
        [
            ("BOOKMARK", [NewBookmark(), Mutations.Update("BOOKMARK", Me.AyahBookmarkId, new JsonObject { ["mushaf"] = 2 }), Mutations.Delete("BOOKMARK", Me.AyahBookmarkId)],
                [("sync collection note", "bookmark"), ("sync", "bookmark"), ("sync BOOKMARK collection note", "bookmark")]),
            ("COLLECTION", [NewCollection(), Mutations.Update("COLLECTION", Me.CollectionId, new JsonObject { ["name"] = "Renamed" }), Mutations.Delete("COLLECTION", Me.CollectionId)],
                [("sync bookmark note", "collection"), ("sync", "collection")]),
            ("NOTE", [NewNote(), Mutations.Update("NOTE", Me.NoteId, new JsonObject { ["body"] = "A new body" }), Mutations.Delete("NOTE", Me.NoteId)],
                [("sync bookmark collection", "note"), ("sync", "note")]),
            ("READING_SESSION", [NewReadingSession(), Mutations.Update("READING_SESSION", Me.ReadingSessionId, new JsonObject { ["verseNumber"] = 11 }), Mutations.Delete("READING_SESSION", Me.ReadingSessionId)],
                [("sync bookmark collection note", "reading_session"), ("sync", "reading_session"), ("sync bookmark collection note READING_SESSION", "reading_session")]),
            ("COLLECTION_BOOKMARK", [NewLink(), Mutations.Unlink(Me.CollectionId, Me.FirstAyahBookmarkId)],
                [("sync bookmark note", "collection"), ("sync collection note", "bookmark"), ("sync note", "bookmark")]),
        ];
        foreach (var (resource, items, tokens) in perResource)
        {
            foreach (var item in items)
            {
                foreach (var (scopes, missing) in tokens)
                {
                    var headers = Header("Authorization", $"Bearer {_context.Tokens.Valid(scopes)}");
                    Add(C, $"{item["type"]} {resource} with scopes \"{scopes}\"", Push(Batch(item), headers: headers),
                        CorpusExpectation.Status(403, messageContains: missing));
                }
            }
        }

        (string Name, string Scopes, string Missing, JsonObject[] Items)[] mixed =
        [
            ("a bookmark, then a note", "sync bookmark", "note", [NewBookmark(), NewNote()]),
            ("a note, then a collection", "sync note", "collection", [NewNote(), NewCollection()]),
            ("a collection and a link", "sync collection", "bookmark", [NewCollection(), NewLink()]),
            ("every resource with one scope missing", "sync bookmark collection", "note", [NewCollection(), NewBookmark(), NewLink(), NewNote()]),
            ("a note, then a reading session", "sync note", "reading_session", [NewNote(), NewReadingSession()]),
            ("all five resources with reading_session missing", "sync bookmark collection note", "reading_session",
                [NewCollection(), NewBookmark(), NewLink(), NewNote(), NewReadingSession()]),
        ];
        foreach (var (name, scopes, missing, items) in mixed)
        {
            var headers = Header("Authorization", $"Bearer {_context.Tokens.Valid(scopes)}");
            Add(C, $"batch of {name} with scopes \"{scopes}\"", Push(Batch(items), headers: headers), CorpusExpectation.Status(403, messageContains: missing));
        }
    }

    private static string ChangeLastCharacter(string token) => token[..^1] + (token[^1] == 'A' ? 'B' : 'A');

    /// <summary>The token with its payload rewritten and its signature kept: the signature no longer matches.</summary>
    private static string WithPayload(string token, Action<JsonObject> change)
    {
        var parts = token.Split('.');
        var payload = JsonNode.Parse(Base64UrlDecode(parts[1]))!.AsObject();
        change(payload);
        return $"{parts[0]}.{Base64UrlEncode(payload.ToJsonString())}.{parts[2]}";
    }

    /// <summary>The token's payload under <c>{"alg":"none"}</c>, with no signature.</summary>
    private static string Unsigned(string token) =>
        $"{Base64UrlEncode("{\"alg\":\"none\",\"typ\":\"JWT\"}")}.{token.Split('.')[1]}.";

    private static string Base64UrlEncode(string text) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Base64UrlDecode(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        padded += new string('=', (4 - (padded.Length % 4)) % 4);
        return Encoding.UTF8.GetString(Convert.FromBase64String(padded));
    }
}
