using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Syncline.Testing.Upstream;

/// <summary>
/// A server shaped like the upstream User Sync API as deployed (UPSTREAM.md), on Kestrel at 127.0.0.1,
/// API under <c>/auth</c>: <c>x-auth-token</c> and <c>x-client-id</c> credentials, no idempotency keys,
/// gateway-wrapped errors, current-state pulls, and a switchable first-sync rule. It emulates a foreign
/// service, so its state is in memory; it is exact about the protocol (heads, 409s, all-or-nothing batches).
/// </summary>
public sealed class UpstreamServer : IAsyncDisposable
{
    private const string DetailKey = "upstream-detail";
    private static readonly string[] ResourceNames = ["BOOKMARK", "COLLECTION", "COLLECTION_BOOKMARK", "NOTE", "READING_SESSION"];
    private WebApplication? _app;
    private readonly ConcurrentDictionary<string, string> _tokens;
    private readonly ConcurrentDictionary<string, UpstreamAccount> _accounts = new();
    private readonly ConcurrentQueue<UpstreamRequest> _requests = new();
    private readonly ConcurrentDictionary<string, FirstSync> _rules = new();
    private readonly TimeProvider _time;
    private readonly Dictionary<string, int> _losses = [];
    private int _requestIds;

    private UpstreamServer(IReadOnlyDictionary<string, string> tokens, FirstSync firstSync, TimeProvider time)
    {
        _tokens = new ConcurrentDictionary<string, string>(tokens);
        _time = time;
        FirstSync = firstSync;
    }

    /// <summary>The base URL clients use, e.g. <c>http://127.0.0.1:PORT/auth/</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The first-sync rule of accounts opened from now on (an account keeps the rule it was opened with).</summary>
    public FirstSync FirstSync { get; set; }

    /// <summary>How pulled BOOKMARK data names its fields; default both names.</summary>
    public BookmarkEcho BookmarkEcho { get; set; } = BookmarkEcho.BothNames;

    /// <summary>How a link CREATE is acknowledged; default no <c>resourceId</c>.</summary>
    public LinkCreateAck LinkCreateAck { get; set; } = LinkCreateAck.Omitted;

    /// <summary>Every request received, in order.</summary>
    public IReadOnlyList<UpstreamRequest> Requests => [.. _requests];

    /// <summary>Whether the server is up (not between <see cref="KillAsync"/> and <see cref="RestartAsync"/>).</summary>
    public bool IsRunning => _app is not null;

    /// <summary>How many times the server was killed.</summary>
    public int Kills { get; private set; }

    /// <summary>Starts a server that knows the users of <paramref name="tokens"/> (token to user id).</summary>
    public static async Task<UpstreamServer> StartAsync(
        IReadOnlyDictionary<string, string> tokens, FirstSync firstSync = FirstSync.DefaultCollection, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        var server = new UpstreamServer(tokens, firstSync, time ?? TimeProvider.System);
        var address = await server.ListenAsync(port: 0, cancellationToken);
        server.BaseUrl = new Uri($"{address.TrimEnd('/')}/auth/");
        return server;
    }

    /// <summary>
    /// The service goes down at once: open connections are dropped, so a batch being applied is applied (the
    /// state is the service's durable store) but its response is lost, and new connections are refused.
    /// </summary>
    public async Task KillAsync()
    {
        if (_app is not { } app)
        {
            return;
        }

        _app = null;
        Kills++;
        using var now = new CancellationTokenSource();
        await now.CancelAsync();
        await app.StopAsync(now.Token);
        await app.DisposeAsync();
    }

    /// <summary>Brings a killed server back on the same address, with everything it had stored.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        if (_app is null)
        {
            await ListenAsync(BaseUrl.Port, cancellationToken);
        }
    }

    /// <summary>The user's mutation log: every change applied, oldest first, with the stored data (a copy).</summary>
    public IReadOnlyList<JsonObject> MutationLog(string userId)
    {
        var account = Account(userId);
        lock (account.Gate)
        {
            return [.. account.Log.Select(e => (JsonObject)e.DeepClone())];
        }
    }

    /// <summary>Lets <paramref name="token"/> act as <paramref name="userId"/>, whose account opens under <paramref name="firstSync"/> (default: <see cref="FirstSync"/>).</summary>
    public void AddUser(string token, string userId, FirstSync? firstSync = null)
    {
        _tokens[token] = userId;
        if (firstSync is { } rule)
        {
            _rules[userId] = rule;
        }
    }

    /// <summary>
    /// The next <paramref name="count"/> POSTs (of <paramref name="userId"/> only, when given) are applied, then their
    /// connection is aborted before any response: a lost response, without a proxy.
    /// </summary>
    public void LoseNextPostResponses(int count, string? userId = null)
    {
        lock (_losses)
        {
            _losses[userId ?? string.Empty] = count;
        }
    }

    /// <summary>The user's live (not deleted) records of one resource.</summary>
    public IReadOnlyList<UpstreamRecord> Records(string userId, string resource)
    {
        var account = Account(userId);
        lock (account.Gate)
        {
            return [.. account.Live(resource).OrderBy(r => r.Timestamp).Select(r => new UpstreamRecord(r.Resource, r.Id, (JsonObject)r.Data.DeepClone(), r.Timestamp))];
        }
    }

    /// <summary>How many live records of <paramref name="resource"/> match: more than one for a natural key is a duplicate.</summary>
    public int Count(string userId, string resource, Func<JsonObject, bool> match) => Records(userId, resource).Count(r => match(r.Data));

    /// <summary>Live notes with this body (trimmed, as stored).</summary>
    public int CountNotes(string userId, string body) => Count(userId, "NOTE", d => d["body"]?.GetValue<string>() == body.Trim());

    /// <summary>Live collections with this name (trimmed, as stored).</summary>
    public int CountCollections(string userId, string name) => Count(userId, "COLLECTION", d => d["name"]?.GetValue<string>() == name.Trim());

    /// <summary>Live bookmarks at this place (any mushaf).</summary>
    public int CountBookmarks(string userId, string type, int key, int? verseNumber) => Count(userId, "BOOKMARK", d =>
        d["type"]?.GetValue<string>() == type && d["key"]?.GetValue<long>() == key && d["verseNumber"]?.GetValue<long>() == verseNumber);

    /// <summary>Live links between this collection and this bookmark.</summary>
    public int CountLinks(string userId, string collectionId, string bookmarkId) => Count(userId, "COLLECTION_BOOKMARK", d =>
        d["collectionId"]?.GetValue<string>() == collectionId && d["bookmarkId"]?.GetValue<string>() == bookmarkId);

    /// <summary>The head GET reports for the user: -1 for a user with no history under <see cref="FirstSync.MinusOne"/>.</summary>
    public long Head(string userId)
    {
        var account = Account(userId);
        lock (account.Gate)
        {
            return ReportedHead(account);
        }
    }

    /// <summary>Drops the user's account: the next request meets a new, empty one (an account reset upstream).</summary>
    public void ForgetUser(string userId) => _accounts.TryRemove(userId, out _);

    public async ValueTask DisposeAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private async Task<string> ListenAsync(int port, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        app.MapGet("/auth/v1/sync", PullAsync);
        app.MapPost("/auth/v1/sync", PushAsync);
        await app.StartAsync(cancellationToken);
        _app = app;
        return app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    private async Task PullAsync(HttpContext context)
    {
        if (Authenticate(context) is not { } userId)
        {
            await RefuseAsync(context, UpstreamError.Unauthorized("Unauthorized"));
            return;
        }

        var account = Account(userId);

        var query = context.Request.Query;
        var problem = Integer(query["mutationsSince"], "mutationsSince", required: true, out var since);
        long? limit = null;
        problem ??= Integer(query["limit"], "limit", required: false, out limit);
        if (problem is not null)
        {
            await RefuseAsync(context, UpstreamError.Validation(problem));
            return;
        }

        if (limit is not null and (< 1 or > 1000))
        {
            await RefuseAsync(context, UpstreamError.Validation(limit < 1 ? "\"limit\" must be greater than or equal to 1" : "\"limit\" must be less than or equal to 1000"));
            return;
        }

        HashSet<string>? resources = null;
        if (query["resources"].ToString() is { Length: > 0 } list)
        {
            resources = [.. list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(n => n.ToUpperInvariant())];
            if (resources.FirstOrDefault(n => !ResourceNames.Contains(n)) is { } unknown)
            {
                await RefuseAsync(context, UpstreamError.Validation($"\"resources\" must be one of [{string.Join(", ", ResourceNames)}]"));
                return;
            }
        }

        JsonObject data;
        lock (account.Gate)
        {
            data = query["metadataOnly"].ToString() == "true" ? new JsonObject { ["lastMutationAt"] = ReportedHead(account) }
                : UpstreamPull.Page(account, ReportedHead(account), Math.Max(since!.Value, 0), resources, (int)(limit ?? 100), BookmarkEcho);
        }

        context.Items[DetailKey] = $"head {data["lastMutationAt"]}, {(data["mutations"] as JsonArray)?.Count ?? 0} entries";
        await RespondAsync(context, 200, new JsonObject { ["success"] = true, ["data"] = data });
    }

    private async Task PushAsync(HttpContext context)
    {
        if (Authenticate(context) is not { } userId)
        {
            await RefuseAsync(context, UpstreamError.Unauthorized("Unauthorized"));
            return;
        }

        var account = Account(userId);

        if (Integer(context.Request.Query["lastMutationAt"], "lastMutationAt", required: true, out var lastMutationAt) is { } queryError)
        {
            await RefuseAsync(context, UpstreamError.Validation(queryError));
            return;
        }

        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        }
        catch (JsonException)
        {
            await RefuseAsync(context, UpstreamError.Validation("Invalid JSON body"));
            return;
        }

        if (body?["mutations"] is not JsonArray mutations)
        {
            await RefuseAsync(context, UpstreamError.Validation("\"mutations\" is required"));
            return;
        }

        if (mutations.Count is < 1 or > 100)
        {
            await RefuseAsync(context, UpstreamError.Validation(mutations.Count < 1 ? "\"mutations\" must contain at least 1 items" : "\"mutations\" must contain less than or equal to 100 items"));
            return;
        }

        JsonObject data;
        try
        {
            lock (account.Gate)
            {
                var firstSync = account.Head == 0;
                if (firstSync && lastMutationAt != -1)
                {
                    throw new UpstreamRefusal(UpstreamError.OutOfSync(UpstreamError.FirstSyncMessage));
                }

                if (!firstSync && lastMutationAt != account.Head)
                {
                    throw new UpstreamRefusal(UpstreamError.OutOfSync());
                }

                var working = account.Clone();
                var acks = new UpstreamBatch(working, _time, LinkCreateAck).Apply(mutations);
                account.Adopt(working);
                context.Items[DetailKey] = $"applied at head {lastMutationAt}: {string.Join(", ", acks.Select(a => $"{a!["type"]} {a["resource"]} {a["resourceId"]}"))}; head {account.Head}";
                // The optional pagination fields and an unknown field, as the deployed service sends them.
                data = new JsonObject
                {
                    ["lastMutationAt"] = account.Head, ["serverVersion"] = 2, ["mutations"] = acks,
                    ["page"] = 1, ["limit"] = acks.Count, ["total"] = acks.Count, ["hasMore"] = false,
                };
            }
        }
        catch (UpstreamRefusal refusal)
        {
            await RefuseAsync(context, refusal.Error);
            return;
        }

        if (TakeLoss(userId))
        {
            // Applied, but the client never hears of it.
            Log(context, 0);
            context.Abort();
            return;
        }

        await RespondAsync(context, 200, new JsonObject { ["success"] = true, ["requestId"] = NextRequestId(), ["data"] = data });
    }

    /// <summary>The user behind <c>x-auth-token</c>, when <c>x-client-id</c> is there too; Authorization counts for nothing.</summary>
    private string? Authenticate(HttpContext context)
    {
        var token = context.Request.Headers["x-auth-token"].ToString();
        var clientId = context.Request.Headers["x-client-id"].ToString();
        return token.Length > 0 && clientId.Length > 0 && _tokens.TryGetValue(token, out var userId) ? userId : null;
    }

    private bool TakeLoss(string userId)
    {
        lock (_losses)
        {
            foreach (var key in (ReadOnlySpan<string>)[userId, string.Empty])
            {
                if (_losses.GetValueOrDefault(key) > 0)
                {
                    _losses[key]--;
                    return true;
                }
            }

            return false;
        }
    }

    private UpstreamAccount Account(string userId) => _accounts.GetOrAdd(userId, id => UpstreamAccount.Open(_rules.GetValueOrDefault(id, FirstSync), _time));

    private long ReportedHead(UpstreamAccount account) => account.Head == 0 && !account.Records.ContainsKey("COLLECTION/__default__") ? -1 : account.Head;

    private static string? Integer(Microsoft.Extensions.Primitives.StringValues values, string name, bool required, out long? value)
    {
        value = null;
        if (values.Count == 0 || values.ToString().Length == 0)
        {
            return required ? $"\"{name}\" is required" : null;
        }

        if (!long.TryParse(values.ToString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            return $"\"{name}\" must be a number";
        }

        value = number;
        return null;
    }

    private Task RefuseAsync(HttpContext context, UpstreamError error)
    {
        context.Items[DetailKey] = error.ToBody(string.Empty)["message"]?.ToString();
        return RespondAsync(context, error.Status, error.ToBody(NextRequestId()));
    }

    private async Task RespondAsync(HttpContext context, int status, JsonObject body)
    {
        Log(context, status);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    private void Log(HttpContext context, int status)
    {
        var headers = context.Request.Headers;
        _requests.Enqueue(new UpstreamRequest(
            context.Request.Method, $"{context.Request.Path}{context.Request.QueryString}",
            NullIfEmpty(headers["x-auth-token"]), NullIfEmpty(headers["x-client-id"]), NullIfEmpty(headers["Idempotency-Key"]), status,
            context.Items.TryGetValue(DetailKey, out var detail) ? detail as string : null));
    }

    private static string? NullIfEmpty(Microsoft.Extensions.Primitives.StringValues value) => value.Count == 0 ? null : value.ToString();

    private string NextRequestId() => $"request-{Interlocked.Increment(ref _requestIds).ToString(CultureInfo.InvariantCulture)}";
}
