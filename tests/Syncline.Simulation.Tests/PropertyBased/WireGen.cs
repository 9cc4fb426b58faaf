using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using Syncline.Protocol;

namespace Syncline.Simulation.Tests.PropertyBased;

/// <summary>
/// Generators for the wire records of <c>Syncline.Protocol</c>. Values are any a server or client may
/// hold, not only valid ones: the round trip must not depend on validation. Strings are valid UTF-16
/// (the validator refuses lone surrogates before anything is stored, and JSON cannot carry them).
/// </summary>
internal static class WireGen
{
    /// <summary>Text with the characters JSON must escape, non-ASCII letters and astral characters (emoji).</summary>
    public static readonly Gen<string> Text = Gen.OneOf(
        Gen.String[Gen.Char.AlphaNumeric, 0, 24],
        Gen.String[Gen.Char['\u0000', '\u00ff'], 0, 16],
        Gen.String[Gen.Char['\u0100', '\ud7ff'], 0, 16],
        Gen.Int[0x1F300, 0x1FAFF].Select(char.ConvertFromUtf32).Array[0, 4].Select(string.Concat),
        Gen.Const("\"\\/\b\f\n\r\t<>&'+`\u2028\u2029"));

    public static readonly Gen<string> Name = Gen.OneOf(
        Gen.OneOf<string>(ResourceNames.Bookmark, ResourceNames.Collection, ResourceNames.CollectionBookmark, ResourceNames.Note, MutationTypes.Create, MutationTypes.Update, MutationTypes.Delete),
        Text);

    /// <summary>A JSON value of any kind, nested a few levels, numbers of every JSON shape (integers, longs, fractions, exponents).</summary>
    public static readonly Gen<JsonNode?> Node = Gen.Recursive<JsonNode?>((depth, node) =>
    {
        var scalar = Gen.OneOf<JsonNode?>(
            Gen.Const(() => (JsonNode?)null),
            Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b)),
            Gen.Int.Select(i => (JsonNode?)JsonValue.Create(i)),
            Gen.Long.Select(l => (JsonNode?)JsonValue.Create(l)),
            Gen.Double.Where(double.IsFinite).Select(d => (JsonNode?)JsonValue.Create(d)),
            Text.Select(s => (JsonNode?)JsonValue.Create(s)));
        if (depth >= 3)
        {
            return scalar;
        }

        return Gen.OneOf(
            scalar,
            Gen.Dictionary(Text, node)[0, 4].Select(d => (JsonNode?)new JsonObject(d)),
            node.Array[0, 4].Select(items => (JsonNode?)new JsonArray(items)));
    });

    /// <summary>The <c>data</c> of a mutation: always an object on the wire.</summary>
    public static readonly Gen<JsonElement> Data =
        Gen.Dictionary(Text, Node)[0, 5].Select(d => JsonElement.Parse(new JsonObject(d).ToJsonString()));

    public static readonly Gen<SyncMutation> Mutation = Gen.Select(
        Name, Name, Text.Null(), Data, Gen.Long, (type, resource, id, data, timestamp) => new SyncMutation(type, resource, id, data, timestamp));

    public static readonly Gen<PullPage> Page = Gen.Select(
        Gen.Long, Mutation.Array[0, 6], Gen.Int, Gen.Int, Gen.Long, Gen.Bool,
        (head, mutations, page, limit, total, hasMore) => new PullPage(head, mutations, page, limit, total, hasMore));

    public static readonly Gen<PushResult> Result = Gen.Select(Gen.Long, Mutation.Array[0, 6], (head, mutations) => new PushResult(head, mutations));

    public static readonly Gen<MutationRequest> Request = Gen.Select(
        Name, Name, Text.Null(), Gen.Bool, Data, (type, resource, id, hasData, data) => new MutationRequest(type, resource, id, hasData ? data : null));

    public static readonly Gen<PushRequest> Push = Request.Array[0, 6].Select(items => new PushRequest(items));

    public static readonly Gen<ErrorResponse> Error = Gen.Select(
        Gen.Bool, Text, Text, Text, Gen.Long.Nullable(), Gen.Int.Nullable(), Text.Null(),
        (success, type, message, code, head, index, requestId) =>
            new ErrorResponse(success, type, message, new ErrorDetail(code, message, head, index, requestId)));

    /// <summary>Every error the server can build, through the one factory it uses.</summary>
    public static readonly Gen<ErrorResponse> ServerError = Gen.Select(
        Gen.Enum<SyncErrorKind>(), Text, Gen.Long.Nullable(), Gen.Int.Nullable(), Text.Null(),
        (kind, message, head, index, requestId) => kind.ToResponse(message, head, index, requestId));
}
