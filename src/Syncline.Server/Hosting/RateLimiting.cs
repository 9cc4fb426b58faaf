using System.Globalization;
using System.Threading.RateLimiting;
using Syncline.Protocol;
using Syncline.Server.Sync;

namespace Syncline.Server.Hosting;

/// <summary>The per-user token bucket of PROTOCOL.md section 3.4, answering 429 with <c>Retry-After</c>.</summary>
internal static class RateLimiting
{
    public const string PerUserPolicy = "per-user";

    public static IServiceCollection AddSynclineRateLimiting(this IServiceCollection services, RateLimitOptions limits)
    {
        return services.AddRateLimiter(options =>
        {
            options.AddPolicy(PerUserPolicy, context =>
            {
                // Authentication runs first, so the partition is the user; unauthenticated calls are refused before they cost much.
                var user = context.User.FindFirst("sub")?.Value ?? $"ip:{context.Connection.RemoteIpAddress}";
                return limits.PermitsPerSecond == 0
                    ? RateLimitPartition.GetNoLimiter(user)
                    : RateLimitPartition.GetTokenBucketLimiter(user, _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = limits.Burst,
                        TokensPerPeriod = limits.PermitsPerSecond,
                        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    });
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
}
