using System.Security.Claims;
using Syncline.Protocol;

namespace Syncline.Server.Auth;

/// <summary>The scopes of a token (PROTOCOL.md section 2): from <c>scope</c> (space-separated) or <c>scp</c>.</summary>
internal sealed class TokenScopes
{
    public const string Sync = "sync";

    private readonly HashSet<string> _granted;

    private TokenScopes(HashSet<string> granted) => _granted = granted;

    public static TokenScopes From(ClaimsPrincipal user)
    {
        var granted = user.Claims
            .Where(c => c.Type is TokenClaims.Scope or TokenClaims.Scp)
            .SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToHashSet(StringComparer.Ordinal);
        return new TokenScopes(granted);
    }

    public bool Has(string scope) => _granted.Contains(scope);

    /// <summary>The first scope <paramref name="resource"/> needs that the token lacks, or null.</summary>
    public string? MissingFor(string resource) => Required(resource).FirstOrDefault(s => !_granted.Contains(s));

    /// <summary>The resources this token may read, in protocol order.</summary>
    public IReadOnlyList<string> ReadableResources() => [.. ResourceNames.All.Where(r => MissingFor(r) is null)];

    private static string[] Required(string resource) => resource switch
    {
        ResourceNames.Bookmark => ["bookmark"],
        ResourceNames.Collection => ["collection"],
        ResourceNames.CollectionBookmark => ["bookmark", "collection"],
        ResourceNames.Note => ["note"],
        ResourceNames.ReadingSession => ["reading_session"],
        _ => throw new ArgumentOutOfRangeException(nameof(resource), resource, "Unknown resource"),
    };
}
