using Syncline.Protocol;
using Syncline.Server.Auth;
using Syncline.Server.Wire;

namespace Syncline.Server.Sync;

/// <summary>Who is calling: the token's subject and scopes, or the 401/403 that refuses them.</summary>
internal sealed record Caller(string UserId, TokenScopes Scopes, IResult? Error)
{
    public static Caller Check(HttpContext context)
    {
        var scopes = TokenScopes.From(context.User);
        var userId = context.User.FindFirst(TokenClaims.Subject)?.Value;
        if (string.IsNullOrEmpty(userId))
        {
            return new Caller(string.Empty, scopes, SyncErrors.Result(SyncErrorKind.Unauthorized, "The token has no subject"));
        }

        return scopes.Has(TokenScopes.Sync)
            ? new Caller(userId, scopes, null)
            : new Caller(userId, scopes, SyncErrors.Result(SyncErrorKind.Forbidden, "Missing scope: sync"));
    }
}
