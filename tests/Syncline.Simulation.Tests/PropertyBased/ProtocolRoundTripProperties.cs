using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using CsCheck;
using Syncline.Protocol;

namespace Syncline.Simulation.Tests.PropertyBased;

/// <summary>
/// Every wire record, written and read back with the source-generated <see cref="SynclineJsonContext"/>
/// that server and client both use, is the value it was, and writing it again gives the same text.
/// </summary>
public sealed class ProtocolRoundTripProperties
{
    private const int Iterations = 300;

    [Fact]
    public void A_pull_page_reads_back_as_it_was_written() =>
        RoundTrips(
            WireGen.Page.Select(page => new SyncEnvelope<PullPage>(true, page)),
            SynclineJsonContext.Default.SyncEnvelopePullPage,
            (a, b) => a.Success == b.Success && WireEquality.Same(a.Data, b.Data));

    [Fact]
    public void A_head_reads_back_as_it_was_written() =>
        RoundTrips(
            Gen.Select(Gen.Bool, Gen.Long, (success, head) => new SyncEnvelope<SyncHead>(success, new SyncHead(head))),
            SynclineJsonContext.Default.SyncEnvelopeSyncHead,
            (a, b) => a == b);

    [Fact]
    public void A_push_result_reads_back_as_it_was_written() =>
        RoundTrips(
            WireGen.Result.Select(result => new SyncEnvelope<PushResult>(true, result)),
            SynclineJsonContext.Default.SyncEnvelopePushResult,
            (a, b) => a.Success == b.Success && WireEquality.Same(a.Data, b.Data));

    [Fact]
    public void A_push_request_reads_back_as_it_was_written() =>
        RoundTrips(WireGen.Push, SynclineJsonContext.Default.PushRequest, WireEquality.Same);

    [Fact]
    public void An_error_body_reads_back_as_it_was_written() =>
        RoundTrips(WireGen.Error, SynclineJsonContext.Default.ErrorResponse, WireEquality.Same);

    [Fact]
    public void An_error_body_built_by_the_servers_factory_reads_back_as_it_was_written() =>
        RoundTrips(WireGen.ServerError, SynclineJsonContext.Default.ErrorResponse, WireEquality.Same);

    [Fact]
    public void Optional_members_left_null_are_absent_from_the_wire_not_written_as_null()
    {
        WireGen.Push.Sample(
            request =>
            {
                using var json = JsonDocument.Parse(JsonSerializer.Serialize(request, SynclineJsonContext.Default.PushRequest));
                var items = json.RootElement.GetProperty("mutations").EnumerateArray().ToList();
                return items.Count == request.Mutations.Count && items.Zip(request.Mutations).All(pair =>
                    pair.First.TryGetProperty("resourceId", out var id) == pair.Second.ResourceId is not null
                    && pair.First.TryGetProperty("data", out var data) == pair.Second.Data is not null
                    && id.ValueKind != JsonValueKind.Null && data.ValueKind != JsonValueKind.Null);
            },
            iter: Iterations,
            print: request => JsonSerializer.Serialize(request, SynclineJsonContext.Default.PushRequest));
    }

    private static void RoundTrips<T>(Gen<T> gen, JsonTypeInfo<T> info, Func<T, T, bool> same) =>
        gen.Sample(
            value =>
            {
                var text = JsonSerializer.Serialize(value, info);
                var back = JsonSerializer.Deserialize(text, info);
                return back is not null && same(value, back) && JsonSerializer.Serialize(back, info) == text;
            },
            iter: Iterations,
            print: value => JsonSerializer.Serialize(value, info));
}
