using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using Syncline.Protocol.Validation;

namespace Syncline.Simulation.Tests.PropertyBased;

/// <summary>The BOOKMARK rules of PROTOCOL.md section 4.1 over every place in the Quran, not a few examples.</summary>
public sealed class BookmarkValidationProperties
{
    private const int Iterations = 500;

    private static readonly Gen<int> Mushaf = Gen.OneOf<int>([.. Quran.Mushafs]);

    /// <summary>Any bookmark valid by construction: an ayah that exists, or a surah, juz or page in range.</summary>
    private static readonly Gen<JsonObject> ValidBookmark = Gen.OneOf(
        from surah in Gen.Int[1, Quran.SurahCount]
        from ayah in Gen.Int[1, Quran.AyahCount(surah)]
        from mushaf in Mushaf
        select new JsonObject { ["type"] = "ayah", ["key"] = surah, ["verseNumber"] = ayah, ["mushaf"] = mushaf },
        Gen.Select(Gen.Int[1, Quran.SurahCount], Mushaf, (key, mushaf) => new JsonObject { ["type"] = "surah", ["key"] = key, ["mushaf"] = mushaf }),
        Gen.Select(Gen.Int[1, Quran.JuzCount], Mushaf, (key, mushaf) => new JsonObject { ["type"] = "juz", ["key"] = key, ["mushaf"] = mushaf }),
        Gen.Select(Gen.Int[1, Quran.MaxPage], Mushaf, (key, mushaf) => new JsonObject { ["type"] = "page", ["key"] = key, ["mushaf"] = mushaf }));

    [Fact]
    public void A_bookmark_of_any_real_place_is_accepted_with_its_fields_unchanged() =>
        ValidBookmark.Sample(
            data => Validate(data) is { Error: null, Mutation: { } accepted } && JsonNode.DeepEquals(accepted.Fields, data),
            iter: Iterations,
            print: data => data.ToJsonString());

    [Fact]
    public void An_ayah_bookmark_past_the_end_of_its_surah_is_refused() =>
        (from surah in Gen.Int[1, Quran.SurahCount]
         from beyond in Gen.Int[1, 300]
         select new JsonObject { ["type"] = "ayah", ["key"] = surah, ["verseNumber"] = Quran.AyahCount(surah) + beyond, ["mushaf"] = 1 })
        .Sample(
            data => Validate(data) is { Mutation: null, Error: "Invalid verseNumber at mutation[0]" },
            iter: Iterations,
            print: data => data.ToJsonString());

    [Fact]
    public void A_bookmark_in_a_mushaf_outside_the_list_is_refused() =>
        Gen.Select(ValidBookmark, Gen.Int[-5, 40].Where(m => !Quran.Mushafs.Contains(m)), (data, mushaf) =>
        {
            data["mushaf"] = mushaf;
            return data;
        })
        .Sample(
            data => Validate(data) is { Mutation: null, Error: "Invalid mushaf at mutation[0]" },
            iter: Iterations,
            print: data => data.ToJsonString());

    private static ItemValidation Validate(JsonObject data)
    {
        var item = new JsonObject { ["type"] = "CREATE", ["resource"] = "BOOKMARK", ["data"] = data.DeepClone() };
        return MutationValidator.Validate(JsonElement.Parse(item.ToJsonString()), 0);
    }
}
