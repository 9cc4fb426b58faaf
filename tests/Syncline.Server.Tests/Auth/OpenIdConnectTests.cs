using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Syncline.Server.Tests.Support;

namespace Syncline.Server.Tests.Auth;

/// <summary>
/// The production auth mode: tokens from an external OpenID Connect authority. The authority here
/// is a real HTTP server on 127.0.0.1 publishing its discovery document and signing keys.
/// </summary>
public sealed class OpenIdConnectTests : IAsyncLifetime
{
    private readonly RSA _authorityKey = RSA.Create(2048);
    private WebApplication? _authority;
    private SyncServer? _server;
    private string _issuer = string.Empty;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _authority = builder.Build();
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(_authorityKey.ExportParameters(false)) { KeyId = "test-key" });
        _authority.MapGet("/.well-known/openid-configuration", (HttpContext context) =>
            Results.Text($$"""{"issuer":"{{_issuer}}","jwks_uri":"{{_issuer}}/jwks"}""", "application/json"));
        _authority.MapGet("/jwks", () => Results.Text(
            $$"""{"keys":[{"kty":"RSA","use":"sig","kid":"{{jwk.Kid}}","n":"{{jwk.N}}","e":"{{jwk.E}}","alg":"RS256"}]}""", "application/json"));
        await _authority.StartAsync();
        _issuer = _authority.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        _server = await SyncServer.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Syncline:Auth:Mode"] = "OpenIdConnect",
            ["Syncline:Auth:Authority"] = _issuer,
            ["Syncline:Auth:Audience"] = "syncline-api",
            ["Syncline:Auth:RequireHttpsMetadata"] = "false",
        });
    }

    [Fact]
    public async Task A_token_from_the_authority_is_accepted_with_its_subject_and_scopes()
    {
        using var http = Http(Mint(_authorityKey, _issuer, "syncline-api", "sync note"));

        using var pull = await http.GetAsync("/v1/sync?mutationsSince=0", TestContext.Current.CancellationToken);
        using var push = await http.PostAsync(
            "/v1/sync?lastMutationAt=0",
            new StringContent("""{"mutations":[{"type":"CREATE","resource":"BOOKMARK","data":{"key":1,"verseNumber":1}}]}"""),
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, pull.StatusCode);
        // The token has no bookmark scope: the scopes came through from the authority's token.
        Assert.Equal(HttpStatusCode.Forbidden, push.StatusCode);
    }

    [Theory]
    [InlineData("another key")]
    [InlineData("another audience")]
    [InlineData("another issuer")]
    public async Task A_token_the_authority_did_not_issue_for_this_api_is_401(string flaw)
    {
        using var otherKey = RSA.Create(2048);
        var token = flaw switch
        {
            "another key" => Mint(otherKey, _issuer, "syncline-api", "sync"),
            "another audience" => Mint(_authorityKey, _issuer, "someone-else", "sync"),
            _ => Mint(_authorityKey, "http://127.0.0.1:1/not-the-authority", "syncline-api", "sync"),
        };
        using var http = Http(token);

        using var pull = await http.GetAsync("/v1/sync?mutationsSince=0", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, pull.StatusCode);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_authority is not null)
        {
            await _authority.DisposeAsync();
        }

        _authorityKey.Dispose();
    }

    private HttpClient Http(string token)
    {
        var http = _server!.Http();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    private static string Mint(RSA key, string issuer, string audience, string scopes) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = issuer,
        Audience = audience,
        Subject = new ClaimsIdentity([new Claim("sub", $"oidc-{Guid.NewGuid():N}"), new Claim("scope", scopes)]),
        Expires = DateTime.UtcNow.AddMinutes(10),
        SigningCredentials = new SigningCredentials(new RsaSecurityKey(key) { KeyId = "test-key" }, SecurityAlgorithms.RsaSha256),
    });
}
