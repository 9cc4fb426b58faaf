namespace Syncline.Server.Auth;

/// <summary>The token claims the server reads (PROTOCOL.md section 2), spelled as the protocol spells them.</summary>
internal static class TokenClaims
{
    /// <summary>The user id.</summary>
    public const string Subject = "sub";

    /// <summary>Space-separated scopes.</summary>
    public const string Scope = "scope";

    /// <summary>The scopes as some authorities name them.</summary>
    public const string Scp = "scp";
}
