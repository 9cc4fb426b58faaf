using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Syncline.Protocol;

namespace Syncline.Simulation.Tests.Corpus;

/// <summary>Sends corpus cases to a server one by one and says, for each, what was wrong with the answer or the store after it.</summary>
internal sealed class CorpusRunner(CorpusStore store)
{
    /// <summary>Runs <paramref name="cases"/> in order; returns every failure, each naming its case.</summary>
    public async Task<List<string>> RunAsync(IReadOnlyList<CorpusCase> cases, CancellationToken ct)
    {
        var failures = new List<string>();
        var dumpBefore = await store.DumpAsync(ct);
        var fingerprint = await store.FingerprintAsync(ct);
        using var http = new HttpClient { BaseAddress = store.Server.BaseAddress, Timeout = TimeSpan.FromMinutes(1) };
        foreach (var @case in cases)
        {
            var (status, problems) = await SendAsync(http, @case, ct);

            // After every case, so a change names the case that made it.
            var after = await store.FingerprintAsync(ct);
            if (after != fingerprint)
            {
                problems.Add($"the store changed ({fingerprint} -> {after})");
                fingerprint = after;
            }

            if (problems.Count > 0)
            {
                failures.Add($"- {@case.Name} (expected {@case.Expected}): {string.Join("; ", problems)}; got {status}");
            }
        }

        var dumpAfter = await store.DumpAsync(ct);
        if (dumpAfter != dumpBefore)
        {
            failures.Add($"- the logical dump of the store differs after the category:\nbefore:\n{dumpBefore}\nafter:\n{dumpAfter}");
        }

        return failures;
    }

    private async Task<(string Status, List<string> Problems)> SendAsync(HttpClient http, CorpusCase @case, CancellationToken ct)
    {
        var problems = new List<string>();
        using var request = new HttpRequestMessage(@case.Request.Method, @case.Request.PathAndQuery);
        foreach (var (name, value) in @case.Request.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (@case.Request.Body is { } body)
        {
            request.Content = new ByteArrayContent(body);
            if (@case.Request.ContentType is { } contentType)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }

            if (@case.Request.ContentEncoding is { } encoding)
            {
                request.Content.Headers.ContentEncoding.Add(encoding);
            }
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, ct);
        }
        catch (HttpRequestException exception)
        {
            problems.Add($"no answer: {exception.Message}");
            return ("nothing", problems);
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            var status = (int)response.StatusCode;
            var shown = $"{status} {(text.Length > 300 ? text[..300] + "..." : text)}";
            CheckAnswer(@case.Expected, status, response.Content.Headers.ContentType, response.Headers, text, problems);
            return (shown, problems);
        }
    }

    private void CheckAnswer(CorpusExpectation expected, int status, MediaTypeHeaderValue? contentType, HttpResponseHeaders headers, string text, List<string> problems)
    {
        if (!expected.Statuses.Contains(status))
        {
            problems.Add(status >= 500 ? $"a server error {status}" : $"status {status} instead of {expected}");
        }

        if (Enum.GetValues<SyncErrorKind>().Where(k => k.Status() == status).Cast<SyncErrorKind?>().FirstOrDefault() is not { } kind)
        {
            problems.Add($"status {status} is not one of PROTOCOL.md section 5");
            return;
        }

        if (contentType?.MediaType != "application/json")
        {
            problems.Add($"content type {contentType?.ToString() ?? "none"}");
        }

        JsonObject body;
        try
        {
            body = JsonNode.Parse(text)?.AsObject() ?? throw new JsonException("null");
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            problems.Add("the body is not the error object of PROTOCOL.md section 5");
            return;
        }

        var message = Text(body["message"]);
        var error = body["error"] as JsonObject;
        if (body["success"]?.GetValueKind() != JsonValueKind.False)
        {
            problems.Add("success is not false");
        }

        if (Text(body["type"]) != kind.TypeName())
        {
            problems.Add($"type {body["type"]?.ToJsonString() ?? "missing"} instead of \"{kind.TypeName()}\"");
        }

        if (string.IsNullOrEmpty(message))
        {
            problems.Add("no message");
        }

        if (error is null)
        {
            problems.Add("no error object");
            return;
        }

        if (Text(error["code"]) != kind.Code())
        {
            problems.Add($"error.code {error["code"]?.ToJsonString() ?? "missing"} instead of \"{kind.Code()}\"");
        }

        if (Text(error["message"]) != message)
        {
            problems.Add("error.message is not the message");
        }

        CheckIndex(expected, status, message, error, problems);
        if (expected.MessageContains is { } part && message?.Contains(part, StringComparison.Ordinal) != true)
        {
            problems.Add($"the message does not name \"{part}\"");
        }

        if (status == 409 && expected.CarriesHead)
        {
            var head = store.Context.AttackerHead;
            if (error["lastMutationAt"]?.GetValueKind() != JsonValueKind.Number || error["lastMutationAt"]!.GetValue<long>() != head)
            {
                problems.Add($"error.lastMutationAt {error["lastMutationAt"]?.ToJsonString() ?? "missing"} instead of the head {head}");
            }

            if (!headers.TryGetValues("X-Mutation-At", out var values) || values.SingleOrDefault() != head.ToString(CultureInfo.InvariantCulture))
            {
                problems.Add("X-Mutation-At does not carry the head");
            }
        }

        if (error["requestId"] is not null)
        {
            problems.Add("a requestId outside a 500");
        }
    }

    /// <summary>Section 5: for 404 and 422 on an item, <c>error.index</c> holds N and the message names <c>mutation[N]</c>; no index otherwise.</summary>
    private static void CheckIndex(CorpusExpectation expected, int status, string? message, JsonObject error, List<string> problems)
    {
        var index = error["index"];
        if (expected.Index is { } n && status is 404 or 422)
        {
            if (index?.GetValueKind() != JsonValueKind.Number || index.GetValue<int>() != n)
            {
                problems.Add($"error.index {index?.ToJsonString() ?? "missing"} instead of {n}");
            }

            if (message?.Contains($"mutation[{n}]", StringComparison.Ordinal) != true)
            {
                problems.Add($"the message does not name mutation[{n}]");
            }
        }
        else if (expected.Index is null && index is not null)
        {
            problems.Add($"error.index {index.ToJsonString()} on an error that is not an item's");
        }
    }

    private static string? Text(JsonNode? node) => node?.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : null;

    public static string Report(CorpusCategory category, int total, List<string> failures) =>
        new StringBuilder().AppendLine(CultureInfo.InvariantCulture, $"{failures.Count} of {total} {category} cases failed:")
            .AppendJoin('\n', failures).ToString();
}
