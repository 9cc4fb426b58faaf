using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Syncline.Server.Auth;

/// <summary>Mints tokens that the local auth mode accepts.</summary>
internal sealed class LocalTokenIssuer(SymmetricSecurityKey key, string issuer, string audience, TimeProvider time)
{
    public string Mint(string userId, string scopes, TimeSpan lifetime)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim(TokenClaims.Subject, userId), new Claim(TokenClaims.Scope, scopes)]),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }
}
