using System.ComponentModel.DataAnnotations;

namespace Syncline.Client;

/// <summary>How a <see cref="SyncClient"/> finds its server and its data, and how hard it tries.</summary>
public sealed class SyncClientOptions
{
    /// <summary>The server's base address, e.g. <c>http://localhost:5080/</c>.</summary>
    [Required]
    public Uri? ServerUrl { get; set; }

    /// <summary>The local SQLite file; created when missing.</summary>
    [Required]
    public string DatabasePath { get; set; } = "syncline.db";

    /// <summary>Returns a bearer token; called again once when the server answers 401.</summary>
    [Required]
    public Func<CancellationToken, ValueTask<string>>? TokenProvider { get; set; }

    /// <summary>Which deployment of the API the server is; default <see cref="ServerProfile.Syncline"/>.</summary>
    public ServerProfile Profile { get; set; } = ServerProfile.Syncline;

    /// <summary>The app's client id, sent as <c>x-client-id</c>; required by <see cref="ServerProfile.Upstream"/>.</summary>
    public string? ClientId { get; set; }

    /// <summary>The conflict policy; default <see cref="ConflictResolvers.LocalChangesWin"/>.</summary>
    public IConflictResolver ConflictResolver { get; set; } = ConflictResolvers.LocalChangesWin;

    /// <summary>Entries asked for per pull page (1..1000). Default 1000.</summary>
    [Range(1, 1000)]
    public int PullPageSize { get; set; } = 1000;

    /// <summary>Mutations per push (1..100). Default 100.</summary>
    [Range(1, 100)]
    public int PushBatchSize { get; set; } = 100;

    /// <summary>Pull-and-push-again rounds after 409s, per sync. Default 5.</summary>
    [Range(1, 100)]
    public int MaxConflictRetries { get; set; } = 5;

    /// <summary>Retries of a network failure, timeout, 5xx or 429 within one sync. Default 4.</summary>
    [Range(0, 100)]
    public int MaxTransientRetries { get; set; } = 4;

    /// <summary>Failed sends of a mutation, over all syncs, before it moves to the failed list. Default 10.</summary>
    [Range(1, 1000)]
    public int MaxMutationAttempts { get; set; } = 10;

    /// <summary>
    /// How long a push whose answer was lost may still reach the server (held by a proxy, a slow network). Where a resend
    /// could apply it twice (no idempotency keys, or an expired reply), a pull that shows none of it proves it was not
    /// applied only if the pull began this long after its last send; until then its changes wait. Default 1 minute.
    /// </summary>
    public TimeSpan LostPushWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The first backoff delay; later ones double, with full jitter. Default 200 ms.</summary>
    public TimeSpan BackoffBase { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest backoff delay. Default 30 s.</summary>
    public TimeSpan BackoffCap { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Background sync: how long after the last local write it syncs. Default 2 s.</summary>
    public TimeSpan SyncDebounce { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Background sync: how often it asks the server's head while idle. Default 30 s.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Background sync: what says the server is reachable; default: OS network events plus a probe of the server.</summary>
    public IConnectivityMonitor? ConnectivityMonitor { get; set; }

    /// <summary>The <see cref="HttpClient"/> to use (from <c>IHttpClientFactory</c>, with its handlers); a plain one when null.</summary>
    public HttpClient? HttpClient { get; set; }

    /// <summary>The clock for local timestamps and backoff delays. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Returns a number in [0, 1) for backoff jitter. Default <see cref="Random.Shared"/>.</summary>
    public Func<double> Jitter { get; set; } = Random.Shared.NextDouble;

    /// <summary>What is wrong with these options, one message each; empty when they are usable.</summary>
    internal List<string> Problems()
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(this, new ValidationContext(this), results, validateAllProperties: true);
        var problems = results.Select(r => r.ErrorMessage ?? "invalid").ToList();
        if (SyncDebounce < TimeSpan.Zero || PollInterval <= TimeSpan.Zero)
        {
            problems.Add("SyncDebounce must not be negative and PollInterval must be positive");
        }

        if (!Enum.IsDefined(Profile))
        {
            problems.Add($"Profile {(int)Profile} is not a known server profile");
        }

        if (Profile == ServerProfile.Upstream && string.IsNullOrWhiteSpace(ClientId))
        {
            problems.Add("ClientId is required with ServerProfile.Upstream (sent as x-client-id)");
        }

        if (LostPushWindow < TimeSpan.Zero)
        {
            problems.Add("LostPushWindow must not be negative");
        }

        if (BackoffBase <= TimeSpan.Zero || BackoffCap < BackoffBase)
        {
            problems.Add("BackoffBase must be positive and BackoffCap at least BackoffBase");
        }

        return problems;
    }

    internal void Validate()
    {
        if (Problems() is { Count: > 0 } problems)
        {
            throw new ArgumentException($"Invalid {nameof(SyncClientOptions)}: {string.Join("; ", problems)}");
        }
    }
}
