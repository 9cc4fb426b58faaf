using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Syncline.Server.Storage;

/// <summary><c>/health</c> is healthy only when the store answers.</summary>
internal sealed class StoreHealthCheck(ISyncStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return await store.PingAsync(cancellationToken) ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("store has no schema");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("store does not answer", exception);
        }
    }
}
