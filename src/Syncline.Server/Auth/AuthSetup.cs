using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;
using Syncline.Protocol;
using Syncline.Server.Hosting;
using Syncline.Server.Wire;

namespace Syncline.Server.Auth;

/// <summary>JWT bearer auth in one of two modes: a local signing key, or an external OpenID Connect authority.</summary>
internal static class AuthSetup
{
    public static IServiceCollection AddSynclineAuth(this IServiceCollection services, SynclineServerOptions options)
    {
        // Made now, not at the first request: the token command run right after the start needs it on disk.
        var localKey = options.Auth.Mode == AuthMode.Local ? LocalSigningKey.LoadOrCreate(options.DataDirectoryFullPath) : null;
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(jwt =>
        {
            // Keep claim names as the protocol spells them (sub, scope, scp).
            jwt.MapInboundClaims = false;
            var auth = options.Auth;
            if (auth.Mode == AuthMode.Local)
            {
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = auth.LocalIssuer,
                    ValidAudience = auth.Audience,
                    IssuerSigningKey = localKey,
                    ValidateLifetime = true,
                    ClockSkew = TimeSpan.FromSeconds(30),
                    NameClaimType = TokenClaims.Subject,
                };
            }
            else
            {
                jwt.Authority = auth.Authority;
                jwt.RequireHttpsMetadata = auth.RequireHttpsMetadata;
                jwt.Audience = auth.Audience;
                jwt.TokenValidationParameters.NameClaimType = TokenClaims.Subject;
            }

            jwt.Events = new JwtBearerEvents
            {
                OnMessageReceived = context =>
                {
                    // x-auth-token is the protocol's second way to send the same JWT.
                    if (string.IsNullOrEmpty(context.Request.Headers.Authorization)
                        && context.Request.Headers[SyncHeaders.AuthToken].LastOrDefault() is { Length: > 0 } token)
                    {
                        context.Token = token.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? token[7..].Trim() : token.Trim();
                    }

                    return Task.CompletedTask;
                },
                OnChallenge = async context =>
                {
                    context.HandleResponse();
                    context.Response.Headers.WWWAuthenticate = "Bearer";
                    var message = context.AuthenticateFailure switch
                    {
                        SecurityTokenExpiredException => "Token expired",
                        not null => "Invalid token",
                        null => "Missing bearer token",
                    };
                    await SyncErrors.WriteAsync(context.HttpContext, SyncErrorKind.Unauthorized, message);
                },
            };
        });
        return services.AddAuthorization();
    }
}
