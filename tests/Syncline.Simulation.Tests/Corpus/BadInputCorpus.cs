using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Syncline.Server.Tests.Support;
using Syncline.Testing.Servers;

namespace Syncline.Simulation.Tests.Corpus;

/// <summary>
/// A generated set of malformed requests to <c>GET</c> and <c>POST /v1/sync</c>, each with the answer
/// PROTOCOL.md documents for it. Systematic, not random: every field of every resource is combined
/// with lists of bad values of each kind, plus request-level, auth and query faults, so the same
/// context always yields the same cases, in the same order, with the same names.
/// </summary>
/// <remarks>
/// Every case sends the attacker's real head and a token with every scope unless one of those is
/// the fault, and every batch would change the store if it were applied: a case the server wrongly
/// accepts shows up as a changed store, not only as a wrong status.
/// </remarks>
public sealed partial class BadInputCorpus
{
    /// <summary>The size the issue asks for.</summary>
    public const int MinimumSize = 500;

    /// <summary>Every scope a token can carry.</summary>
    public const string AllScopes = SyncServer.AllScopes;

    // A placeholder for a raw JSON value in a body: each item is built as a JsonObject, serialized,
    // and the quoted placeholder is replaced with text no JsonObject could hold (1e400, a lone surrogate).
    private const string Hole = "@@corpus-hole@@";

    private readonly CorpusContext _context;
    private readonly List<CorpusCase> _cases = [];
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly string _bearer;

    // Rotates the position of a bad item among valid ones, so error.index is checked at 0, 1 and 2.
    private int _rotation;

    private BadInputCorpus(CorpusContext context)
    {
        _context = context;
        _bearer = $"Bearer {context.Tokens.Valid(AllScopes)}";
    }

    private SeededUser Me => _context.Attacker;

    private SeededUser Other => _context.Victim;

    private long Head => _context.AttackerHead;

    /// <summary>Generates the corpus for a seeded store.</summary>
    public static IReadOnlyList<CorpusCase> Build(CorpusContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var corpus = new BadInputCorpus(context);
        corpus.AddRequestBodies();
        corpus.AddContentTypes();
        corpus.AddPushQueries();
        corpus.AddItemShapes();
        corpus.AddBookmarkFields();
        corpus.AddCollectionFields();
        corpus.AddNoteFields();
        corpus.AddLinkFields();
        corpus.AddReadingSessionFields();
        corpus.AddTargets();
        corpus.AddStaleHeads();
        corpus.AddIdempotency();
        corpus.AddTokens();
        corpus.AddScopes();
        corpus.AddPullQueries();
        return corpus._cases;
    }

    private void Add(CorpusCategory category, string name, CorpusRequest request, CorpusExpectation expected)
    {
        if (!_names.Add($"{category}/{name}"))
        {
            throw new InvalidOperationException($"Duplicate corpus case name: {category}/{name}");
        }

        _cases.Add(new CorpusCase(category, name, request, expected));
    }

    private string PushPath(string lastMutationAt) => $"/v1/sync?lastMutationAt={lastMutationAt}";

    private string PushPath() => PushPath(Head.ToString(CultureInfo.InvariantCulture));

    /// <summary>A push with the attacker's full token, at the head unless <paramref name="path"/> says otherwise.</summary>
    private CorpusRequest Push(
        string body,
        string? path = null,
        string? contentType = "application/json",
        IReadOnlyList<KeyValuePair<string, string>>? headers = null,
        string? contentEncoding = null) =>
        Push(Encoding.UTF8.GetBytes(body), path, contentType, headers, contentEncoding);

    private CorpusRequest Push(
        byte[] body,
        string? path = null,
        string? contentType = "application/json",
        IReadOnlyList<KeyValuePair<string, string>>? headers = null,
        string? contentEncoding = null) =>
        new(HttpMethod.Post, path ?? PushPath(), headers ?? Authorized(), body, contentType, contentEncoding);

    private CorpusRequest Pull(string query, IReadOnlyList<KeyValuePair<string, string>>? headers = null) =>
        new(HttpMethod.Get, $"/v1/sync{query}", headers ?? Authorized(), null, null);

    private KeyValuePair<string, string>[] Authorized() => [new("Authorization", _bearer)];

    private static KeyValuePair<string, string>[] Header(string name, string value) => [new(name, value)];

    /// <summary>The body of a batch: <c>{"mutations":[...]}</c>, with any placeholder replaced by <paramref name="raw"/>.</summary>
    private static string Batch(IEnumerable<JsonNode> items, string? raw = null)
    {
        var text = new JsonObject { ["mutations"] = new JsonArray([.. items.Select(i => i.DeepClone())]) }.ToJsonString();
        return raw is null ? text : text.Replace($"\"{Hole}\"", raw, StringComparison.Ordinal);
    }

    private static string Batch(params JsonNode[] items) => Batch((IEnumerable<JsonNode>)items);

    /// <summary>
    /// A batch with <paramref name="bad"/> after 0, 1 or 2 valid items (in turn), and the index it must be refused at.
    /// The valid items create, so a batch that were applied would change the store.
    /// </summary>
    private (string Body, int Index) Rotated(JsonNode bad, string? raw = null)
    {
        var index = _rotation++ % 3;
        JsonNode[] fillers = [Mutations.Collection("Corpus filler"), Mutations.Note("A filler note body", "18:1-18:10")];
        return (Batch([.. fillers.Take(index), bad], raw), index);
    }

    /// <summary>Adds a push whose item <paramref name="bad"/> (placeholder filled with <paramref name="raw"/>) must get 422 at its index.</summary>
    private void AddInvalidItem(CorpusCategory category, string name, JsonNode bad, string? raw = null)
    {
        var (body, index) = Rotated(bad, raw);
        Add(category, name, Push(body), CorpusExpectation.Status(422, index));
    }

    /// <summary>A copy of <paramref name="data"/> with <paramref name="field"/> set to the placeholder, or removed when <paramref name="raw"/> is null.</summary>
    private static JsonObject WithField(JsonObject data, string field, string? raw)
    {
        var copy = data.DeepClone().AsObject();
        if (raw is null)
        {
            copy.Remove(field);
        }
        else
        {
            copy[field] = Hole;
        }

        return copy;
    }

    /// <summary>A copy of <paramref name="item"/> with one member set (not a field of its data).</summary>
    private static JsonObject WithMember(JsonObject item, string name, JsonNode? value)
    {
        var copy = item.DeepClone().AsObject();
        copy[name] = value;
        return copy;
    }

    private static JsonObject Item(string type, string resource, string? resourceId, JsonObject? data)
    {
        var item = new JsonObject { ["type"] = type, ["resource"] = resource };
        if (resourceId is not null)
        {
            item["resourceId"] = resourceId;
        }

        if (data is not null)
        {
            item["data"] = data.DeepClone();
        }

        return item;
    }

    /// <summary>A valid CREATE of a bookmark the attacker does not have yet.</summary>
    private static JsonObject NewBookmark() => Mutations.Bookmark(18, 10);

    private static JsonObject NewNote() => Mutations.Note("A valid corpus note", "18:1-18:10");

    private static JsonObject NewCollection() => Mutations.Collection("Corpus collection");

    private static JsonObject NewReadingSession() => Mutations.ReadingSession(36, 1);

    private JsonObject NewLink() => Mutations.Link(Me.CollectionId, Me.AyahBookmarkId);

    private static string JsonString(string text) => JsonValue.Create(text).ToJsonString();

    private static string Repeat(string text, int count) => string.Concat(Enumerable.Repeat(text, count));
}
