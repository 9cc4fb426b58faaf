namespace Syncline.Simulation.Tests.Corpus;

/// <summary>The query of <c>GET /v1/sync</c> (PROTOCOL.md section 3.1): missing or non-numeric is 400, out of bounds or an unknown resource 422.</summary>
public sealed partial class BadInputCorpus
{
    private void AddPullQueries()
    {
        const CorpusCategory C = CorpusCategory.PullQuery;
        (string Name, string Value)[] notNumbers =
        [
            ("empty", ""), ("blank", "%20%20"), ("word", "abc"), ("float", "1.5"), ("float 0.0", "0.0"), ("exponent", "1e3"), ("1e400", "1e400"),
            ("hex", "0x10"), ("plus sign", "%2B5"), ("lone minus", "-"), ("double minus", "--1"), ("trailing minus", "5-"),
            ("two numbers", "5%206"), ("Arabic-Indic digits", "%D9%A1%D9%A2"), ("fullwidth digits", "%EF%BC%95"), ("true", "true"),
            ("null", "null"), ("NaN", "NaN"), ("Infinity", "Infinity"), ("NUL", "%00"), ("comma list", "1,2"),
        ];
        Add(C, "mutationsSince missing", Pull(string.Empty), CorpusExpectation.Status(400));
        Add(C, "mutationsSince missing, other parameters given", Pull("?limit=10&page=1"), CorpusExpectation.Status(400));
        // Query names are matched ignoring case (ASP.NET Core), so a misspelling must be more than case.
        Add(C, "mutationsSince misspelled", Pull("?mutationSince=0"), CorpusExpectation.Status(400));
        Add(C, "lastMutationAt instead of mutationsSince", Pull("?lastMutationAt=0"), CorpusExpectation.Status(400));
        Add(C, "mutationsSince missing with metadataOnly", Pull("?metadataOnly=true"), CorpusExpectation.Status(400));
        foreach (var (name, value) in notNumbers)
        {
            Add(C, $"mutationsSince {name}", Pull($"?mutationsSince={value}"), CorpusExpectation.Status(400));
        }

        Add(C, "mutationsSince valid then a word, the last counts", Pull("?mutationsSince=0&mutationsSince=abc"), CorpusExpectation.Status(400));
        Add(C, "mutationsSince a word with metadataOnly", Pull("?mutationsSince=abc&metadataOnly=true"), CorpusExpectation.Status(400));

        foreach (var value in (string[])["-2", "-5", "-9223372036854775808", "9223372036854775808", "99999999999999999999"])
        {
            Add(C, $"mutationsSince {value}", Pull($"?mutationsSince={value}"), CorpusExpectation.Status(422));
        }

        // limit 1..1000, page >= 1.
        foreach (var value in (string[])["0", "-5", "-1", "1001", "1000000", "2147483648", "99999999999999999999"])
        {
            Add(C, $"limit {value}", Pull($"?mutationsSince=0&limit={value}"), CorpusExpectation.Status(422));
        }

        foreach (var (name, value) in notNumbers.Skip(2).Take(10))
        {
            Add(C, $"limit {name}", Pull($"?mutationsSince=0&limit={value}"), CorpusExpectation.Status(400));
        }

        foreach (var value in (string[])["0", "-1", "-5", "2147483648", "99999999999999999999"])
        {
            Add(C, $"page {value}", Pull($"?mutationsSince=0&page={value}"), CorpusExpectation.Status(422));
        }

        foreach (var (name, value) in notNumbers.Skip(2).Take(6))
        {
            Add(C, $"page {name}", Pull($"?mutationsSince=0&page={value}"), CorpusExpectation.Status(400));
        }

        // startedFrom (a Syncline extension: where a keyset walk began) is read like mutationsSince.
        foreach (var (name, value) in notNumbers.Skip(2).Take(6))
        {
            Add(C, $"startedFrom {name}", Pull($"?mutationsSince=0&startedFrom={value}"), CorpusExpectation.Status(400));
        }

        foreach (var value in (string[])["-2", "-9223372036854775808", "99999999999999999999"])
        {
            Add(C, $"startedFrom {value}", Pull($"?mutationsSince=0&startedFrom={value}"), CorpusExpectation.Status(422));
        }

        // Unknown resource names: 422.
        foreach (var value in (string[])["FOO", "BOOKMARKS", "BOOKMARK,FOO", "bookmark;note", "*", "ALL", "%00", "COLLECTION%20BOOKMARK", "COLLECTION-BOOKMARK", "USERS", "NOTE,NOTES"])
        {
            Add(C, $"resources {value}", Pull($"?mutationsSince=0&resources={value}"), CorpusExpectation.Status(422));
        }

        Add(C, "resources valid then unknown in a second parameter", Pull("?mutationsSince=0&resources=NOTE&resources=FOO"), CorpusExpectation.Status(422));

        // metadataOnly is a boolean; the server answers anything else with 400.
        foreach (var value in (string[])["maybe", "yes", "1", "0", "truee"])
        {
            Add(C, $"metadataOnly {value}", Pull($"?mutationsSince=0&metadataOnly={value}"), CorpusExpectation.Status(400));
        }

        // Two faults at once: either answer is documented, depending on which parameter is read first.
        Add(C, "limit 0 and page a word", Pull("?mutationsSince=0&limit=0&page=abc"), new CorpusExpectation(new HashSet<int> { 400, 422 }));
        Add(C, "mutationsSince a word and limit 0", Pull("?mutationsSince=abc&limit=0"), new CorpusExpectation(new HashSet<int> { 400, 422 }));
    }
}
