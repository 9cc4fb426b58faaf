using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Syncline.Server.Auth;
using Syncline.Server.Hosting;
using Syncline.Server.Tests.Support;

namespace Syncline.Simulation.Tests.Corpus;

/// <summary>Tokens for one user, minted with the server's own key and settings unless the token's fault is the key or a setting.</summary>
internal sealed class CorpusTokens(SymmetricSecurityKey key, string issuer, string audience, string userId, TimeProvider time) : ICorpusTokens
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    /// <summary>Tokens the server at <paramref name="server"/> would have minted for <paramref name="userId"/>.</summary>
    public static CorpusTokens For(SyncServer server, string userId)
    {
        var options = ServerConfiguration.ReadOptions(server.Configuration);
        return new CorpusTokens(LocalSigningKey.LoadOrCreate(server.DataDirectory), options.Auth.LocalIssuer, options.Auth.Audience, userId, TimeProvider.System);
    }

    public string Valid(string scopes) => Mint(key, issuer, audience, userId, scopes, time);

    // Past the server's 30 s clock skew on either side.
    public string Expired() => Mint(key, issuer, audience, userId, SyncServer.AllScopes, new OffsetTime(time, -2 * Lifetime));

    public string NotYetValid() => Mint(key, issuer, audience, userId, SyncServer.AllScopes, new OffsetTime(time, Lifetime));

    public string SignedWithOtherKey()
    {
        var other = new SymmetricSecurityKey(SHA512.HashData("not the server's key"u8)) { KeyId = key.KeyId };
        return Mint(other, issuer, audience, userId, SyncServer.AllScopes, time);
    }

    public string WrongAudience() => Mint(key, issuer, $"{audience}-elsewhere", userId, SyncServer.AllScopes, time);

    public string WrongIssuer() => Mint(key, $"{issuer}-elsewhere", audience, userId, SyncServer.AllScopes, time);

    public string EmptySubject() => Mint(key, issuer, audience, string.Empty, SyncServer.AllScopes, time);

    public string WithoutSubject()
    {
        var now = time.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim("scope", SyncServer.AllScopes)]),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + Lifetime,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
    }

    private static string Mint(SymmetricSecurityKey key, string issuer, string audience, string userId, string scopes, TimeProvider time) =>
        new LocalTokenIssuer(key, issuer, audience, time).Mint(userId, scopes, Lifetime);

    /// <summary>A clock moved by an offset, to mint tokens in the past or the future.</summary>
    private sealed class OffsetTime(TimeProvider inner, TimeSpan offset) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => inner.GetUtcNow() + offset;
    }
}
