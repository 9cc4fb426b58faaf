using System.Globalization;
using System.Threading.RateLimiting;
using Syncline.Protocol;
using Syncline.Server.Auth;
using Syncline.Server.Wire;

namespace Syncline.Server.Hosting;

/// <summary>
/// The token buckets of PROTOCOL.md section 3.4, answering 429 with <c>Retry-After</c>: one per user
/// for callers with a valid token, one per client IP address for everyone else.
/// </summary>
internal static class RateLimiting
{
    public const string PerUserPolicy = "per-user";

    public static IServiceCollection AddSynclineRateLimiting(this IServiceCollection services, RateLimitOptions limits)
    {
        return services.AddRateLimiter(options =>
        {
            options.AddPolicy(PerUserPolicy, context =>
            {
                // The limiter runs after authentication and before authorization, so requests that will
                // get a 401 are counted too: by address, as there is no user to count them against.
                if (context.User.Identity?.IsAuthenticated == true && context.User.FindFirst(TokenClaims.Subject)?.Value is { Length: > 0 } user)
                {
                    return Bucket($"user:{user}", limits.PermitsPerSecond, limits.Burst);
                }

                var unauthenticated = limits.Unauthenticated;
                return Bucket($"ip:{context.Connection.RemoteIpAddress}", unauthenticated.PermitsPerSecond, unauthenticated.Burst);
            });
            options.OnRejected = (context, ct) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
                    ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))
                    : 1;
                context.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                return new ValueTask(SyncErrors.WriteAsync(
                    context.HttpContext, SyncErrorKind.RateLimited, $"Too many requests, retry after {retryAfter} s"));
            };
        });
    }

    private static RateLimitPartition<string> Bucket(string key, int permitsPerSecond, int burst) => permitsPerSecond == 0
        ? RateLimitPartition.GetNoLimiter(key)
        : RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = permitsPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
}
