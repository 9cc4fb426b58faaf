using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using Syncline.Testing.Servers;

namespace Syncline.Simulation.Tests.Corpus;

/// <summary>Faults of the push request as a whole (PROTOCOL.md section 3.2, checks 2 and 5; section 5).</summary>
public sealed partial class BadInputCorpus
{
    /// <summary>The server's default body limit (section 5, 413).</summary>
    private const int MaxBodyBytes = 1024 * 1024;

    /// <summary>The documented batch limit (section 3.2).</summary>
    private const int MaxBatch = 100;

    /// <summary>A batch that would be applied: three creates and an update of the attacker's own records.</summary>
    private string ValidBody() => Batch(
        NewBookmark(),
        NewCollection(),
        NewNote(),
        Mutations.Update("NOTE", Me.NoteId, new JsonObject { ["body"] = "An updated note body" }));

    private void AddRequestBodies()
    {
        const CorpusCategory C = CorpusCategory.RequestBody;
        var valid = ValidBody();

        // Every proper prefix of a JSON object is broken JSON: 400.
        var cuts = Enumerable.Range(0, 40).Select(i => i * valid.Length / 40).Distinct();
        foreach (var cut in cuts)
        {
            Add(C, $"prefix of {cut} of {valid.Length} bytes", Push(valid[..cut]), CorpusExpectation.Status(400));
        }

        var item = NewBookmark().ToJsonString();
        (string Name, string Body)[] broken =
        [
            ("trailing comma in the array", $"{{\"mutations\":[{item},]}}"),
            ("trailing comma in the object", $"{{\"mutations\":[{item}],}}"),
            ("single quotes", "{'mutations':[{'type':'CREATE','resource':'COLLECTION','data':{'name':'x'}}]}"),
            ("unquoted keys", "{mutations:[{type:\"CREATE\",resource:\"COLLECTION\",data:{name:\"x\"}}]}"),
            ("line comment", $"// comment\n{valid}"),
            ("block comment", $"{{/* c */\"mutations\":[{item}]}}"),
            ("NaN", $"{{\"mutations\":[{item.Replace("18", "NaN", StringComparison.Ordinal)}]}}"),
            ("Infinity", $"{{\"mutations\":[{item.Replace("18", "Infinity", StringComparison.Ordinal)}]}}"),
            ("-Infinity", $"{{\"mutations\":[{item.Replace("18", "-Infinity", StringComparison.Ordinal)}]}}"),
            ("undefined", "{\"mutations\":undefined}"),
            ("Python literals", "{\"mutations\":[{\"type\":\"CREATE\",\"resource\":\"COLLECTION\",\"data\":{\"name\":\"x\",\"isPrivate\":True}}]}"),
            ("hex number", $"{{\"mutations\":[{item.Replace("18", "0x12", StringComparison.Ordinal)}]}}"),
            ("leading zero", $"{{\"mutations\":[{item.Replace("18", "018", StringComparison.Ordinal)}]}}"),
            ("leading plus", $"{{\"mutations\":[{item.Replace("18", "+18", StringComparison.Ordinal)}]}}"),
            ("leading dot", $"{{\"mutations\":[{item.Replace("18", ".5", StringComparison.Ordinal)}]}}"),
            ("trailing dot", $"{{\"mutations\":[{item.Replace("18", "18.", StringComparison.Ordinal)}]}}"),
            ("trailing garbage", $"{valid}x"),
            ("two documents", $"{valid}{valid}"),
            ("extra closing brace", $"{valid}}}"),
            ("missing colon", "{\"mutations\" []}"),
            ("invalid escape", "{\"mutations\":[{\"type\":\"CREATE\",\"resource\":\"COLLECTION\",\"data\":{\"name\":\"a\\x\"}}]}"),
            ("raw newline in a string", "{\"mutations\":[{\"type\":\"CREATE\",\"resource\":\"COLLECTION\",\"data\":{\"name\":\"a\nb\"}}]}"),
            ("raw tab in a string", "{\"mutations\":[{\"type\":\"CREATE\",\"resource\":\"COLLECTION\",\"data\":{\"name\":\"a\tb\"}}]}"),
            ("truncated unicode escape", "{\"mutations\":[{\"type\":\"CREATE\",\"resource\":\"COLLECTION\",\"data\":{\"name\":\"\\u12\"}}]}"),
            ("only whitespace", " \r\n\t "),
            ("a lone brace", "{"),
            ("a lone bracket", "["),
            ("XML", "<mutations><mutation type=\"CREATE\"/></mutations>"),
            ("form encoding", "mutations=%5B%5D"),
            ("NUL byte after the body", $"{valid}\0"),
        ];
        foreach (var (name, body) in broken)
        {
            Add(C, $"broken JSON: {name}", Push(body), CorpusExpectation.Status(400));
        }

        var bytes = Encoding.UTF8.GetBytes(valid);
        (string Name, byte[] Body)[] badBytes =
        [
            ("invalid UTF-8 byte 0xFF in a string", Splice(bytes, "Corpus collection", [0x43, 0xFF, 0x43])),
            ("overlong UTF-8 encoding of /", Splice(bytes, "Corpus collection", [0x43, 0xC0, 0xAF])),
            ("UTF-8 encoded surrogate", Splice(bytes, "Corpus collection", [0x43, 0xED, 0xA0, 0x80])),
            ("truncated UTF-8 sequence", Splice(bytes, "Corpus collection", [0x43, 0xE2, 0x82])),
            ("invalid UTF-8 in an ignored field", Splice(Encoding.UTF8.GetBytes(Batch(NewBookmark().With("comment", "@@"))), "@@", [0xFF, 0xFE])),
            ("invalid UTF-8 in an ignored member of the body", Splice(Encoding.UTF8.GetBytes(valid.Insert(1, "\"note\":\"@@\",")), "@@", [0xC3, 0x28])),
            ("two UTF-8 BOMs", [0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF, .. bytes]),
            ("UTF-8 BOM inside the object", [(byte)'{', 0xEF, 0xBB, 0xBF, .. bytes[1..]]),
            ("UTF-8 BOM before broken JSON", [0xEF, 0xBB, 0xBF, .. bytes[..^1]]),
            ("UTF-16 LE with BOM", [0xFF, 0xFE, .. Encoding.Unicode.GetBytes(valid)]),
            ("UTF-16 BE with BOM", [0xFE, 0xFF, .. Encoding.BigEndianUnicode.GetBytes(valid)]),
            ("UTF-16 LE without BOM", Encoding.Unicode.GetBytes(valid)),
            ("UTF-32 LE with BOM", [0xFF, 0xFE, 0x00, 0x00, .. Encoding.UTF32.GetBytes(valid)]),
        ];
        foreach (var (name, body) in badBytes)
        {
            Add(C, $"bad bytes: {name}", Push(body), CorpusExpectation.Status(400));
        }

        // RFC 8259 lets a parser skip a BOM or refuse it; either way the item after it is invalid.
        var badItem = Batch(Mutations.Create("BOOKMARK", new JsonObject { ["key"] = 0, ["verseNumber"] = 1 }));
        Add(C, "UTF-8 BOM before an invalid item", Push([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(badItem)]),
            new CorpusExpectation(new HashSet<int> { 400, 422 }, Index: null));

        (string Name, string Body)[] shapes =
        [
            ("top-level array of items", $"[{item}]"),
            ("top-level empty array", "[]"),
            ("top-level string", "\"mutations\""),
            ("top-level number", "1"),
            ("top-level true", "true"),
            ("top-level null", "null"),
            ("empty object", "{}"),
            ("mutation instead of mutations", $"{{\"mutation\":[{item}]}}"),
            ("Mutations capitalised", $"{{\"Mutations\":[{item}]}}"),
            ("mutations inside data", $"{{\"data\":{{\"mutations\":[{item}]}}}}"),
            ("mutations null", "{\"mutations\":null}"),
            ("mutations an object", $"{{\"mutations\":{{\"0\":{item}}}}}"),
            ("mutations a string", "{\"mutations\":\"[]\"}"),
            ("mutations a number", "{\"mutations\":1}"),
            ("mutations true", "{\"mutations\":true}"),
            ("mutations a JSON string of the batch", $"{{\"mutations\":{JsonString($"[{item}]")}}}"),
            ("empty batch", "{\"mutations\":[]}"),
            ("empty batch with extra fields", "{\"mutations\":[],\"lastMutationAt\":0,\"extra\":true}"),
        ];
        foreach (var (name, body) in shapes)
        {
            // Section 3.2: 1 to 100 items; section 5: "Invalid mutations", an error of the request, not of an item.
            Add(C, $"shape: {name}", Push(body), CorpusExpectation.Status(422));
        }

        foreach (var count in (int[])[MaxBatch + 1, MaxBatch + 50, 1000])
        {
            var many = Enumerable.Range(0, count).Select(i => Mutations.Collection($"Collection {i}"));
            Add(C, $"{count} mutations", Push(Batch(many)), CorpusExpectation.Status(422, messageContains: $"{MaxBatch}"));
        }

        // The count is checked before the items, so a bad first item changes nothing.
        var manyWithBad = new[] { Mutations.Create("NOPE", new JsonObject()) }.Concat(Enumerable.Range(0, MaxBatch).Select(i => Mutations.Collection($"C{i}")));
        Add(C, $"{MaxBatch + 1} mutations with a bad first item", Push(Batch(manyWithBad)), CorpusExpectation.Status(422, messageContains: $"{MaxBatch}"));

        AddOversizedBodies(C, valid);
        AddDeepNesting(C);
    }

    private void AddOversizedBodies(CorpusCategory c, string valid)
    {
        var mib = Repeat("a", MaxBodyBytes);
        (string Name, string Body)[] large =
        [
            ("valid batch padded to 1 MiB + 1 byte", valid + new string(' ', MaxBodyBytes + 1 - valid.Length)),
            ("1 MiB collection name", Batch(Mutations.Collection(mib))),
            ("1 MiB note body", Batch(Mutations.Note(mib, "1:1-1:2"))),
            ("2 MiB note body", Batch(Mutations.Note(mib + mib, "1:1-1:2"))),
            ("1 MiB resourceId", Batch(Mutations.Update("NOTE", mib, new JsonObject { ["body"] = "A new body" }))),
            ("1 MiB resource name", Batch(Mutations.Create(mib, new JsonObject { ["name"] = "x" }))),
            ("1 MiB mutation type", Batch(new JsonObject { ["type"] = mib, ["resource"] = "COLLECTION", ["data"] = new JsonObject { ["name"] = "x" } })),
            ("1 MiB ignored field", Batch(Mutations.Collection("Big extra").With("extra", mib))),
            ("1 MiB range", Batch(Mutations.Note("A note with a huge range", mib))),
            ("1 MiB of open brackets", Repeat("[", MaxBodyBytes + 1)),
            ("1 MiB of garbage", Repeat("\u00e9", MaxBodyBytes / 2 + 1)),
            ("1 MiB of whitespace", new string(' ', MaxBodyBytes + 1)),
        ];
        foreach (var (name, body) in large)
        {
            Add(c, $"too large: {name}", Push(body), CorpusExpectation.Status(413));
        }

        // Under the body limit, a string over its own limit is an invalid item.
        var almostMib = Repeat("a", 1_000_000);
        AddInvalidItem(c, "collection name of 1,000,000 characters", Mutations.Collection(almostMib));
        AddInvalidItem(c, "note body of 1,000,000 characters", Mutations.Note(almostMib, "1:1-1:2"));
        AddInvalidItem(c, "range of 1,000,000 characters", Mutations.Note("A note with a long range", almostMib));
    }

    private void AddDeepNesting(CorpusCategory c)
    {
        foreach (var depth in (int[])[100, 1000, 10_000, 100_000])
        {
            var arrays = Repeat("[", depth) + Repeat("]", depth);
            Add(c, $"arrays nested {depth} deep in an ignored field", Push(Batch([Mutations.Collection("Deep").With("extra", Hole)], arrays)),
                CorpusExpectation.Status(400));
            var objects = Repeat("{\"a\":", depth) + "1" + Repeat("}", depth);
            Add(c, $"objects nested {depth} deep in data", Push(Batch([Mutations.Collection("Deep").With("extra", Hole)], objects)),
                CorpusExpectation.Status(400));
        }

        var top = Repeat("{\"mutations\":", 1000) + "[]" + Repeat("}", 1000);
        Add(c, "mutations nested 1000 deep", Push(top), CorpusExpectation.Status(400));
        Add(c, "1000 unclosed arrays", Push(Repeat("[", 1000)), CorpusExpectation.Status(400));
    }

    private void AddContentTypes()
    {
        const CorpusCategory C = CorpusCategory.ContentType;
        string?[] types =
        [
            null, "", "text/plain", "text/plain; charset=utf-8", "application/xml", "text/xml", "application/octet-stream",
            "application/x-www-form-urlencoded", "multipart/form-data; boundary=corpus", "application/json; charset=utf-16",
            "application/jsonx", "*/*", "not a media type",
        ];
        var validBody = ValidBody();
        var invalidItem = Batch(Mutations.Create("BOOKMARK", new JsonObject { ["key"] = 115, ["verseNumber"] = 1 }));
        foreach (var type in types)
        {
            var label = type switch { null => "no content type", "" => "empty content type", _ => type };

            // The content type is not checked (PROTOCOL.md names none), so the body's own fault answers.
            Add(C, $"{label}: broken JSON", Push(validBody[..^2], contentType: type), CorpusExpectation.Status(400));
            Add(C, $"{label}: invalid item", Push(invalidItem, contentType: type), CorpusExpectation.Status(422, 0));
            Add(C, $"{label}: valid batch at a stale head", Push(validBody, PushPath("0"), type), CorpusExpectation.Status(409));
        }

        var multipart = $"--corpus\r\nContent-Disposition: form-data; name=\"body\"\r\nContent-Type: application/json\r\n\r\n{validBody}\r\n--corpus--\r\n";
        Add(C, "multipart body holding a valid batch", Push(multipart, contentType: "multipart/form-data; boundary=corpus"), CorpusExpectation.Status(400));
        Add(C, "form-encoded valid batch", Push($"mutations={Uri.EscapeDataString(validBody)}", contentType: "application/x-www-form-urlencoded"), CorpusExpectation.Status(400));
        Add(C, "XML batch", Push("<?xml version=\"1.0\"?><push><mutations/></push>", contentType: "application/xml"), CorpusExpectation.Status(400));
        Add(C, "UTF-16 valid batch declared as UTF-16", Push(Encoding.Unicode.GetBytes(validBody), contentType: "application/json; charset=utf-16"), CorpusExpectation.Status(400));
        Add(C, "gzip valid batch", Push(Compress(validBody, s => new GZipStream(s, CompressionLevel.Fastest)), contentEncoding: "gzip"), CorpusExpectation.Status(400));
        Add(C, "deflate valid batch", Push(Compress(validBody, s => new DeflateStream(s, CompressionLevel.Fastest)), contentEncoding: "deflate"), CorpusExpectation.Status(400));
        Add(C, "brotli valid batch", Push(Compress(validBody, s => new BrotliStream(s, CompressionLevel.Fastest)), contentEncoding: "br"), CorpusExpectation.Status(400));
        Add(C, "base64 valid batch", Push(Convert.ToBase64String(Encoding.UTF8.GetBytes(validBody)), contentType: "application/json"), CorpusExpectation.Status(400));
        Add(C, "no body", Push(Array.Empty<byte>(), contentType: null), CorpusExpectation.Status(400));
    }

    private void AddPushQueries()
    {
        const CorpusCategory C = CorpusCategory.PushQuery;
        var valid = ValidBody();
        var head = Head.ToString(CultureInfo.InvariantCulture);

        // Section 3.1/3.2: a missing or non-numeric lastMutationAt is 400.
        (string Name, string Query)[] notNumbers =
        [
            ("missing lastMutationAt", "/v1/sync"),
            // Query names are matched ignoring case (ASP.NET Core), so a misspelling must be more than case.
            ("misspelled lastMutationAt", $"/v1/sync?lastMutation={head}"),
            ("lastMutationsAt", $"/v1/sync?lastMutationsAt={head}"),
            ("mutationsSince instead of lastMutationAt", $"/v1/sync?mutationsSince={head}"),
            ("empty", "/v1/sync?lastMutationAt="),
            ("blank", "/v1/sync?lastMutationAt=%20%20"),
            ("word", "/v1/sync?lastMutationAt=abc"),
            ("float", $"/v1/sync?lastMutationAt={head}.5"),
            ("float 1.0", "/v1/sync?lastMutationAt=1.0"),
            ("exponent", "/v1/sync?lastMutationAt=1e3"),
            ("hex", "/v1/sync?lastMutationAt=0x1F"),
            ("plus sign", $"/v1/sync?lastMutationAt=%2B{head}"),
            ("lone minus", "/v1/sync?lastMutationAt=-"),
            ("double minus", "/v1/sync?lastMutationAt=--1"),
            ("trailing minus", $"/v1/sync?lastMutationAt={head}-"),
            ("two numbers", $"/v1/sync?lastMutationAt={head}%20{head}"),
            ("Arabic-Indic digits", "/v1/sync?lastMutationAt=%D9%A1%D9%A2"),
            ("true", "/v1/sync?lastMutationAt=true"),
            ("null", "/v1/sync?lastMutationAt=null"),
            ("NaN", "/v1/sync?lastMutationAt=NaN"),
            ("Infinity", "/v1/sync?lastMutationAt=Infinity"),
            ("NUL", "/v1/sync?lastMutationAt=%00"),
            ("1e400", "/v1/sync?lastMutationAt=1e400"),
            ("valid then word, the last counts", $"/v1/sync?lastMutationAt={head}&lastMutationAt=abc"),
            ("in the body only", "/v1/sync"),
        ];
        foreach (var (name, query) in notNumbers)
        {
            var body = name == "in the body only" ? valid.Insert(1, $"\"lastMutationAt\":{head},") : valid;
            Add(C, $"lastMutationAt {name}", Push(body, query), CorpusExpectation.Status(400));
        }

        // A number outside its bounds (>= -1, and a long) is 422.
        foreach (var value in (string[])["-2", "-5", "-9223372036854775808", "9223372036854775808", "99999999999999999999", "-99999999999999999999"])
        {
            Add(C, $"lastMutationAt {value}", Push(valid, PushPath(value)), CorpusExpectation.Status(422));
        }

        // Section 3.2: an Idempotency-Key of 1 to 255 characters; the server answers anything else with 400.
        foreach (var (name, key) in (ReadOnlySpan<(string, string)>)[("256 characters", Repeat("k", 256)), ("1000 characters", Repeat("k", 1000)), ("empty", string.Empty)])
        {
            Add(C, $"Idempotency-Key {name}", Push(valid, headers: [.. Authorized(), new("Idempotency-Key", key)]), CorpusExpectation.Status(400));
        }
    }

    private void AddStaleHeads()
    {
        const CorpusCategory C = CorpusCategory.StaleHead;
        (string Name, string Body)[] batches =
        [
            ("bookmark create", Batch(NewBookmark())),
            ("collection update", Batch(Mutations.Update("COLLECTION", Me.CollectionId, new JsonObject { ["name"] = "Renamed" }))),
            ("note delete", Batch(Mutations.Delete("NOTE", Me.NoteId))),
            ("link create", Batch(NewLink())),
            ("note and collection creates", Batch(NewNote(), NewCollection())),
        ];
        (string Name, long Value)[] stale =
        [
            ("0", 0), ("-1", -1), ("1", 1), ("head - 1", Head - 1), ("head + 1", Head + 1), ("head - 1000", Head - 1000), ("int64 max", long.MaxValue),
        ];
        foreach (var (batchName, body) in batches)
        {
            foreach (var (valueName, value) in stale)
            {
                Add(C, $"{batchName} at {valueName}", Push(body, PushPath(value.ToString(CultureInfo.InvariantCulture))), CorpusExpectation.Status(409));
            }
        }

        // A refused push is not stored for replay (section 3.2, idempotency).
        Add(C, "bookmark create at 0 with a new Idempotency-Key",
            Push(Batch(NewBookmark()), PushPath("0"), headers: [.. Authorized(), new("Idempotency-Key", "corpus-stale-1")]), CorpusExpectation.Status(409));
        Add(C, "note create at head + 1 with a new Idempotency-Key",
            Push(Batch(NewNote()), PushPath((Head + 1).ToString(CultureInfo.InvariantCulture)), headers: [.. Authorized(), new("Idempotency-Key", "corpus-stale-2")]),
            CorpusExpectation.Status(409));
    }

    private void AddIdempotency()
    {
        const CorpusCategory C = CorpusCategory.Idempotency;
        var key = new KeyValuePair<string, string>("Idempotency-Key", _context.UsedIdempotencyKey);
        (string Name, string Body)[] others =
        [
            ("bookmark create", Batch(NewBookmark())),
            ("collection create", Batch(NewCollection())),
            ("note update", Batch(Mutations.Update("NOTE", Me.NoteId, new JsonObject { ["body"] = "Another body" }))),
            ("link create", Batch(NewLink())),
            ("the valid body", ValidBody()),
        ];
        foreach (var (name, body) in others)
        {
            // Section 3.2: the same key with a different body is 422, whatever lastMutationAt says.
            Add(C, $"used key, other body: {name}", Push(body, headers: [.. Authorized(), key]), CorpusExpectation.Status(422));
            Add(C, $"used key, other body at 0: {name}", Push(body, PushPath("0"), headers: [.. Authorized(), key]), CorpusExpectation.Status(422));
        }
    }

    /// <summary><paramref name="bytes"/> with the UTF-8 of <paramref name="find"/> replaced by <paramref name="replacement"/>.</summary>
    private static byte[] Splice(byte[] bytes, string find, byte[] replacement)
    {
        var needle = Encoding.UTF8.GetBytes(find);
        var at = bytes.AsSpan().IndexOf(needle);
        if (at < 0)
        {
            throw new InvalidOperationException($"'{find}' is not in the body");
        }

        return [.. bytes[..at], .. replacement, .. bytes[(at + needle.Length)..]];
    }

    private static byte[] Compress(string text, Func<Stream, Stream> compressor)
    {
        using var output = new MemoryStream();
        using (var stream = compressor(output))
        {
            stream.Write(Encoding.UTF8.GetBytes(text));
        }

        return output.ToArray();
    }
}
