using System.Text.Json.Nodes;
using Syncline.Server.Storage;

namespace Syncline.Server.Tests.Storage;

/// <summary>The JSON text of stored data: raw UTF-8, escaping only what JSON requires.</summary>
public sealed class StoredJsonTests
{
    [Fact]
    public void Non_ASCII_text_and_emoji_stay_raw()
    {
        var data = new JsonObject { ["body"] = "\U0001F600 \u00E9\u0627 <b>&'+ \u2028" };

        Assert.Equal("{\"body\":\"\U0001F600 \u00E9\u0627 <b>&'+ \u2028\"}", StoredJson.Text(data));
    }

    [Fact]
    public void Quotes_backslashes_control_characters_and_lone_surrogates_are_escaped()
    {
        var data = new JsonObject { ["body"] = "\"\\\n\t\b\f\r\u0000\u001F \uD800x" };

        Assert.Equal("{\"body\":\"\\\"\\\\\\n\\t\\b\\f\\r\\u0000\\u001F \\uD800x\"}", StoredJson.Text(data));
    }

    [Fact]
    public void Nested_objects_arrays_numbers_booleans_and_nulls_parse_back_to_the_same_data()
    {
        var data = new JsonObject
        {
            ["ranges"] = new JsonArray("1:1-1:7", "2:255-2:257"),
            ["details"] = new JsonObject { ["key"] = 2, ["verseNumber"] = 255, ["ratio"] = 1.5 },
            ["saveToQR"] = false,
            ["isReading"] = true,
            ["nothing"] = null,
            ["body"] = "\U0001F4D6 \"quoted\"\n",
        };

        var text = StoredJson.Text(data);

        Assert.True(JsonNode.DeepEquals(data, JsonNode.Parse(text)));
        Assert.Equal(data.ToJsonString(), JsonNode.Parse(text)!.ToJsonString());
    }
}
