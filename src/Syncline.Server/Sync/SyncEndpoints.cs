using Microsoft.Extensions.Options;
using Syncline.Protocol;
using Syncline.Server.Hosting;
using Syncline.Server.Storage;
using Syncline.Server.Wire;

namespace Syncline.Server.Sync;

/// <summary>The log category of the sync endpoints.</summary>
internal sealed class SyncLog;

/// <summary>The User Sync API: <c>GET /v1/sync</c> (pull) and <c>POST /v1/sync</c> (push).</summary>
internal static class SyncEndpoints
{
    public static IEndpointRouteBuilder MapSyncEndpoints(this IEndpointRouteBuilder app)
    {
        var sync = app.MapGroup("/v1/sync")
            .RequireAuthorization()
            .RequireRateLimiting(RateLimiting.PerUserPolicy)
            .WithTags("Sync");

        sync.MapGet("/", PullAsync)
            .WithName("Pull")
            .WithSummary("Pull the resources changed after mutationsSince, one entry each with its latest data, ascending, one consistent snapshot; 410 when the cursor is older than the kept history.")
            .Produces<SyncEnvelope<PullPage>>()
            .Produces<ErrorResponse>(StatusCodes.Status410Gone)
            .ProducesSyncErrors();

        sync.MapPost("/", PushAsync)
            .WithName("Push")
            .WithSummary("Push a batch of 1 to 100 mutations at lastMutationAt; all or nothing.")
            // Documented, not enforced: .Accepts would turn a body sent without a JSON content type into a 415.
            .AddOpenApiOperationTransformer(async (operation, context, ct) =>
            {
                var schema = await context.GetOrCreateSchemaAsync(typeof(PushRequest), null, ct);
                operation.RequestBody = new Microsoft.OpenApi.OpenApiRequestBody
                {
                    Required = true,
                    Content = new Dictionary<string, Microsoft.OpenApi.OpenApiMediaType> { ["application/json"] = new() { Schema = schema } },
                };
            })
            .Produces<SyncEnvelope<PushResult>>()
            .Produces<ErrorResponse>(StatusCodes.Status404NotFound)
            .Produces<ErrorResponse>(StatusCodes.Status409Conflict)
            .Produces<ErrorResponse>(StatusCodes.Status413PayloadTooLarge)
            .ProducesSyncErrors();

        return app;
    }

    private static RouteHandlerBuilder ProducesSyncErrors(this RouteHandlerBuilder endpoint) => endpoint
        .Produces<ErrorResponse>(StatusCodes.Status400BadRequest)
        .Produces<ErrorResponse>(StatusCodes.Status401Unauthorized)
        .Produces<ErrorResponse>(StatusCodes.Status403Forbidden)
        .Produces<ErrorResponse>(StatusCodes.Status422UnprocessableEntity)
        .Produces<ErrorResponse>(StatusCodes.Status429TooManyRequests);

    private static async Task<IResult> PullAsync(
        HttpContext context, ISyncStore store, PullGate gate, IOptions<SynclineServerOptions> options, ILogger<SyncLog> logger, CancellationToken ct)
    {
        var caller = Caller.Check(context);
        if (caller.Error is { } denied)
        {
            return denied;
        }

        if (!PullQuery.TryParse(context.Request.Query, out var query, out var invalid))
        {
            return invalid!;
        }

        if (query.MetadataOnly)
        {
            var head = await store.GetHeadAsync(caller.UserId, ct);
            return new SyncJsonResult(head, output => SyncJson.WriteHead(output, head));
        }

        // Resources the token cannot read are left out silently (PROTOCOL.md section 2).
        var readable = caller.Scopes.ReadableResources();
        var resources = query.Resources is null ? readable : [.. query.Resources.Where(readable.Contains)];
        var filter = resources.Count == ResourceNames.All.Count ? null : resources;
        var log = new LogQuery(caller.UserId, query.MutationsSince, filter, query.Limit, query.Page, query.ByPageNumber);

        // A keyset page may stop early: the client goes on from its last timestamp. A page asked by
        // number is whole, or paging by number would skip what the cut left out.
        var budget = query.ByPageNumber ? long.MaxValue : options.Value.Pull.MaxPageBytes;
        return new PullPageResult(store, gate, caller.UserId, query, log, budget, logger);
    }

    private static async Task<IResult> PushAsync(
        HttpContext context,
        ISyncStore store,
        IOptions<SynclineServerOptions> options,
        TimeProvider time,
        ILogger<SyncLog> logger,
        CancellationToken ct)
    {
        var caller = Caller.Check(context);
        if (caller.Error is { } denied)
        {
            return denied;
        }

        if (!QueryNumber.TryRead(context.Request.Query, "lastMutationAt", -1, long.MaxValue, null, out var lastMutationAt, out var invalid))
        {
            return invalid!;
        }

        var idempotencyKey = context.Request.Headers[SyncHeaders.IdempotencyKey].LastOrDefault();
        if (idempotencyKey is { Length: 0 or > 255 })
        {
            return SyncErrors.Result(SyncErrorKind.BadRequest, "Invalid Idempotency-Key: 1 to 255 characters");
        }

        var limits = options.Value;
        var (body, tooLarge) = await PushBody.ReadAsync(context.Request, limits.MaxBodyBytes, ct);
        if (tooLarge is not null)
        {
            return tooLarge;
        }

        if (!PushBody.TryValidate(body!, limits.MaxBatchSize, out var mutations, out invalid))
        {
            return invalid!;
        }

        foreach (var resource in mutations.Select(m => m.Resource).Distinct())
        {
            if (caller.Scopes.MissingFor(resource) is { } scope)
            {
                return SyncErrors.Result(SyncErrorKind.Forbidden, $"Missing scope: {scope} (needed for {resource})");
            }
        }

        var command = new PushCommand(caller.UserId, Math.Max(lastMutationAt, 0), mutations, idempotencyKey, PushBody.Hash(body!));
        var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        var quota = new UserQuota(limits.Quota.MaxRecords, limits.Quota.MaxBytes);
        var outcome = await store.WriteAsync(caller.UserId, (session, token) => PushTransaction.RunAsync(session, command, quota, nowMs, token), ct);
        Log.Pushed(logger, caller.UserId, mutations.Count, lastMutationAt, outcome.GetType().Name, outcome.HeadAfter ?? -1);
        return outcome switch
        {
            PushOutcome.Applied applied => SyncJsonResult.FromText(applied.Head, applied.Response),
            PushOutcome.Replayed replayed => SyncJsonResult.FromText(replayed.Head, replayed.Response),
            PushOutcome.Stale stale => SyncErrors.Result(
                SyncErrorKind.Conflict, "Invalid lastMutationAt, please re-sync your data and try again.", head: stale.Head),
            PushOutcome.Refused refused => SyncErrors.Result(refused.Kind, refused.Message, index: refused.Index),
            _ => throw new InvalidOperationException($"Unknown push outcome {outcome}"),
        };
    }
}
