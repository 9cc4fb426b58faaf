using System.Net;

namespace Syncline.Server.Tests.Contract;

/// <summary>Data is stored and sent as raw UTF-8: non-ASCII text is not escaped.</summary>
public abstract partial class SyncApiContractTests<TFixture>
{
    // A 4-byte character: 12 bytes once escaped as \uD83D\uDE00.
    private const string FourByteEmoji = "\U0001F600";

    [Fact]
    public async Task A_note_of_emoji_is_stored_and_pulled_as_raw_UTF8_not_escaped()
    {
        using var api = NewUser();
        var body = string.Concat(Enumerable.Repeat(FourByteEmoji + "\u0627\u0644\u062D\u0645\u062F \u00E9", 50));

        var push = await api.PushAsync(0, Syncline.Testing.Servers.Mutations.Note(body, "1:1-1:7"));
        var pull = await api.PullAsync(0, "&resources=NOTE");

        Assert.Equal(HttpStatusCode.OK, push.Status);
        Assert.Contains("\"body\":\"" + body + "\"", push.Text, StringComparison.Ordinal);
        Assert.Contains("\"body\":\"" + body + "\"", pull.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u", pull.Text, StringComparison.Ordinal);
        Assert.Equal(body, Assert.Single(pull.Mutations)["data"]!["body"]!.GetValue<string>());
    }
}
