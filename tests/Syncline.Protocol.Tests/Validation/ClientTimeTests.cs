using static Syncline.Protocol.Tests.Validation.Items;

namespace Syncline.Protocol.Tests.Validation;

/// <summary><c>clientCreatedAt</c> and <c>clientUpdatedAt</c>: ISO 8601 or epoch ms, on every resource, echoed as ISO strings (PROTOCOL.md section 4).</summary>
public sealed class ClientTimeTests
{
    /// <summary>A valid CREATE of each resource, with room for more fields.</summary>
    public static TheoryData<string> Resources { get; } = new()
    {
        """{"type":"CREATE","resource":"BOOKMARK","data":{"key":2,"verseNumber":255,{0}}}""",
        """{"type":"CREATE","resource":"COLLECTION","data":{"name":"Dua",{0}}}""",
        """{"type":"CREATE","resource":"NOTE","data":{"body":"Reflect on this","ranges":["2:255-2:255"],{0}}}""",
        """{"type":"CREATE","resource":"COLLECTION_BOOKMARK","data":{"collectionId":"__default__","bookmarkId":"j1rnpmr1zu3ytynk6e0w5zp0",{0}}}""",
        """{"type":"CREATE","resource":"COLLECTION_BOOKMARK","data":{"collectionId":"__default__","key":2,"verseNumber":255,{0}}}""",
        """{"type":"UPDATE","resource":"BOOKMARK","resourceId":"j1rnpmr1zu3ytynk6e0w5zp0","data":{{0}}}""",
    };

    private static string With(string item, string fields) => item.Replace("{0}", fields, StringComparison.Ordinal);

    [Theory]
    [MemberData(nameof(Resources))]
    public void Client_times_are_accepted_on_every_resource_and_echoed_as_ISO_strings(string item)
    {
        var fields = Accepted(With(item, """ "clientCreatedAt":"2026-01-25T11:35:15.572Z","clientUpdatedAt":1769340915572 """)).Fields;

        Assert.Equal("2026-01-25T11:35:15.572Z", fields["clientCreatedAt"]!.GetValue<string>());
        Assert.Equal("2026-01-25T11:35:15.572Z", fields["clientUpdatedAt"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(Resources))]
    public void Invalid_client_time_is_refused_on_every_resource(string item) =>
        Assert.Equal(
            "Invalid clientUpdatedAt at mutation[0]",
            Refused(With(item, """ "clientUpdatedAt":"yesterday" """)));

    [Theory]
    [InlineData("0", "1970-01-01T00:00:00.000Z")]
    [InlineData("1769340915572", "2026-01-25T11:35:15.572Z")]
    [InlineData("-1000", "1969-12-31T23:59:59.000Z")]
    [InlineData("\"2026-01-25T11:35:15.572Z\"", "2026-01-25T11:35:15.572Z")]
    [InlineData("\"2026-01-25T11:35:15Z\"", "2026-01-25T11:35:15.000Z")]
    [InlineData("\"2026-01-25T13:35:15.572+02:00\"", "2026-01-25T11:35:15.572Z")]
    [InlineData("\"2026-01-25T06:35:15.5720000-05:00\"", "2026-01-25T11:35:15.572Z")]
    [InlineData("\"2026-01-25T11:35:15.5729Z\"", "2026-01-25T11:35:15.572Z")]
    [InlineData("\"2026-01-25T11:35:15\"", "2026-01-25T11:35:15.000Z")]
    [InlineData("\"2026-01-25T11:35Z\"", "2026-01-25T11:35:00.000Z")]
    [InlineData("\"2026-01-25\"", "2026-01-25T00:00:00.000Z")]
    public void Client_time_is_echoed_as_an_ISO_string_in_UTC_to_the_millisecond(string sent, string echoed) =>
        Assert.Equal(
            echoed,
            Accepted(Create("COLLECTION", $$"""{"name":"Dua","clientCreatedAt":{{sent}}}""")).Fields["clientCreatedAt"]!.GetValue<string>());

    [Theory]
    [InlineData("\"yesterday\"")]
    [InlineData("\"\"")]
    [InlineData("\"2026-13-01T00:00:00Z\"")]
    [InlineData("\"2026-01-25T25:00:00Z\"")]
    [InlineData("\"1769340915572\"")]
    [InlineData("1769340915572.5")]
    [InlineData("1e30")]
    [InlineData("true")]
    [InlineData("{}")]
    [InlineData("[]")]
    public void Client_time_that_is_neither_ISO_8601_nor_epoch_ms_is_refused(string sent) =>
        Assert.Equal(
            "Invalid clientCreatedAt at mutation[0]",
            Refused(Create("COLLECTION", $$"""{"name":"Dua","clientCreatedAt":{{sent}}}""")));

    [Theory]
    [InlineData("\"01/25/2026\"")]
    [InlineData("\"25.01.2026 11:35\"")]
    [InlineData("\"Jan 25 2026\"")]
    [InlineData("\"Sun, 25 Jan 2026 11:35:15 GMT\"")]
    [InlineData("\"11:35\"")]
    [InlineData("\"2026-01-25 11:35:15Z\"")]
    [InlineData("\" 2026-01-25T11:35:15Z\"")]
    [InlineData("\"2026-01-25T11:35:15Z\\n\"")]
    [InlineData("\"20260125T113515Z\"")]
    public void Client_time_in_a_format_other_than_ISO_8601_is_refused(string sent) =>
        Assert.Equal(
            "Invalid clientCreatedAt at mutation[0]",
            Refused(Create("COLLECTION", $$"""{"name":"Dua","clientCreatedAt":{{sent}}}""")));

    [Theory]
    [InlineData("2026-01-25T11:35:15.123456789Z", "2026-01-25T11:35:15.123Z")]
    [InlineData("2026-01-25t11:35:15.572z", "2026-01-25T11:35:15.572Z")]
    [InlineData("2026-01-25T13:35:15+0200", "2026-01-25T11:35:15.000Z")]
    [InlineData("2026-01-25T13:35:15+02", "2026-01-25T11:35:15.000Z")]
    public void Client_time_in_other_ISO_8601_spellings_is_accepted(string sent, string echoed) =>
        Assert.Equal(
            echoed,
            Accepted(Create("COLLECTION", $$"""{"name":"Dua","clientCreatedAt":"{{sent}}"}""")).Fields["clientCreatedAt"]!.GetValue<string>());

    [Fact]
    public void Null_client_time_counts_as_absent() =>
        Assert.False(Accepted(Create("COLLECTION", """{"name":"Dua","clientCreatedAt":null}""")).Fields.ContainsKey("clientCreatedAt"));
}
