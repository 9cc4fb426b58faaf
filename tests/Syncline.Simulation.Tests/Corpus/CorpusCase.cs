namespace Syncline.Simulation.Tests.Corpus;

/// <summary>The kinds of bad input, one test each.</summary>
public enum CorpusCategory
{
    /// <summary>Push bodies that are not JSON, not the documented shape, too many items, too large or too deep.</summary>
    RequestBody,

    /// <summary>Push bodies sent with other content types or encodings.</summary>
    ContentType,

    /// <summary>Bad <c>lastMutationAt</c> and <c>Idempotency-Key</c> on a push.</summary>
    PushQuery,

    /// <summary>Push items without the documented shape: resource, type, resourceId, data.</summary>
    ItemShape,

    /// <summary>BOOKMARK fields against PROTOCOL.md section 4.1.</summary>
    BookmarkFields,

    /// <summary>COLLECTION fields against section 4.2.</summary>
    CollectionFields,

    /// <summary>NOTE fields against section 4.4, ranges and ayah numbers among them.</summary>
    NoteFields,

    /// <summary>COLLECTION_BOOKMARK fields against section 4.3.</summary>
    LinkFields,

    /// <summary>READING_SESSION fields against section 4.5: a surah and an ayah of it.</summary>
    ReadingSessionFields,

    /// <summary>Targets that are another user's, missing or deleted, and updates whose merged result breaks a rule.</summary>
    Targets,

    /// <summary>Valid batches at a stale <c>lastMutationAt</c>.</summary>
    StaleHead,

    /// <summary>An <c>Idempotency-Key</c> already used with another body.</summary>
    Idempotency,

    /// <summary>Missing, malformed, expired and foreign tokens.</summary>
    Tokens,

    /// <summary>Tokens without <c>sync</c>, or without a resource's scope.</summary>
    Scopes,

    /// <summary>Bad query parameters of <c>GET /v1/sync</c>.</summary>
    PullQuery,
}

/// <summary>One request, exactly as it goes on the wire.</summary>
/// <param name="Method">GET or POST.</param>
/// <param name="PathAndQuery">Path and query, already encoded.</param>
/// <param name="Headers">Request headers, sent as they are (an <c>Authorization</c> among them, or none).</param>
/// <param name="Body">The body bytes, or null for none.</param>
/// <param name="ContentType">The <c>Content-Type</c> header value, or null to send none.</param>
/// <param name="ContentEncoding">A <c>Content-Encoding</c> header value, or null.</param>
public sealed record CorpusRequest(
    HttpMethod Method,
    string PathAndQuery,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    byte[]? Body,
    string? ContentType,
    string? ContentEncoding = null);

/// <summary>What PROTOCOL.md says the server answers.</summary>
/// <param name="Statuses">The documented status (a few cases allow more than one, where PROTOCOL.md allows either).</param>
/// <param name="Index">For an item's 404 or 422, the <c>error.index</c> it must carry; null: the body must carry none.</param>
/// <param name="MessageContains">Text the message must contain, where PROTOCOL.md names it (a missing scope).</param>
/// <param name="CarriesHead">A 409: <c>error.lastMutationAt</c> and <c>X-Mutation-At</c> carry the user's head.</param>
public sealed record CorpusExpectation(IReadOnlySet<int> Statuses, int? Index = null, string? MessageContains = null, bool CarriesHead = false)
{
    public static CorpusExpectation Status(int status, int? index = null, string? messageContains = null) =>
        new(new HashSet<int> { status }, index, messageContains, status == 409);

    public override string ToString() =>
        $"{string.Join('|', Statuses.Order())}{(Index is { } i ? $" index {i}" : string.Empty)}{(MessageContains is { } m ? $" \"{m}\"" : string.Empty)}";
}

/// <summary>One malformed request and the answer it must get.</summary>
/// <param name="Category">Its kind.</param>
/// <param name="Name">Unique in the corpus; says what is wrong.</param>
/// <param name="Request">The request.</param>
/// <param name="Expected">The documented answer.</param>
public sealed record CorpusCase(CorpusCategory Category, string Name, CorpusRequest Request, CorpusExpectation Expected)
{
    public override string ToString() => $"{Category}/{Name}";
}
