using Microsoft.IdentityModel.Tokens;

namespace Syncline.Simulation.Tests.Corpus;

/// <summary>The corpus itself: big enough, named uniquely, and the same every time it is generated.</summary>
public sealed class BadInputCorpusShapeTests
{
    [Fact]
    public void The_corpus_has_at_least_500_distinct_cases_and_every_category()
    {
        var cases = BadInputCorpus.Build(StubContext());

        Assert.True(cases.Count >= BadInputCorpus.MinimumSize, $"{cases.Count} cases");
        Assert.Equal(cases.Count, cases.Select(c => c.ToString()).Distinct(StringComparer.Ordinal).Count());
        var sameRequest = cases.GroupBy(Describe)
            .Where(g => g.Count() > 1).Select(g => string.Join(" = ", g)).ToList();
        Assert.True(sameRequest.Count == 0, $"Cases that send the same request: {string.Join("; ", sameRequest)}");
        Assert.Equal(Enum.GetValues<CorpusCategory>().Order(), cases.Select(c => c.Category).Distinct().Order());
    }

    [Fact]
    public void The_corpus_is_the_same_every_time_it_is_generated()
    {
        var first = BadInputCorpus.Build(StubContext());
        var second = BadInputCorpus.Build(StubContext());

        Assert.Equal(first.Select(c => c.ToString()), second.Select(c => c.ToString()));
        Assert.Equal(first.Select(Describe), second.Select(Describe));
    }

    [Fact]
    public void Every_case_expects_a_client_error()
    {
        var cases = BadInputCorpus.Build(StubContext());

        Assert.All(cases, c => Assert.All(c.Expected.Statuses, s => Assert.InRange(s, 400, 499)));
    }

    /// <summary>What goes on the wire: method, path, headers, and the body's hash.</summary>
    private static string Describe(CorpusCase c) =>
        $"{c.Request.Method} {c.Request.PathAndQuery}\n{c.Request.ContentType ?? "(none)"}\n{c.Request.ContentEncoding ?? "(none)"}\n"
        + string.Join('\n', c.Request.Headers.Select(h => $"{h.Key}: {h.Value}"))
        + $"\n{(c.Request.Body is { } body ? Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(body)) : "(no body)")}";

    /// <summary>A context with fixed ids, key and clock, so two generations can be compared byte for byte.</summary>
    private static CorpusContext StubContext()
    {
        static SeededUser User(string name, char c) =>
            new(name, new string(c, 23) + "1", new string(c, 23) + "2", new string(c, 23) + "3", new string(c, 23) + "4",
                new string(c, 23) + "5", new string(c, 23) + "6", new string(c, 23) + "7", new string(c, 23) + "8");

        var key = new SymmetricSecurityKey(new byte[64]) { KeyId = "local" };
        var tokens = new CorpusTokens(key, "syncline-local", "syncline", "stub-alice", new FixedTime());
        return new CorpusContext(User("stub-alice", 'a'), User("stub-bob", 'b'), 1_769_000_000_000, "stub-key", tokens);
    }

    private sealed class FixedTime : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(2026, 1, 25, 12, 0, 0, TimeSpan.Zero);
    }
}
