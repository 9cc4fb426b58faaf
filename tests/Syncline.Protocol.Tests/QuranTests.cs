using Syncline.Protocol.Validation;

namespace Syncline.Protocol.Tests;

public sealed class QuranTests
{
    [Fact]
    public void Ayah_counts_add_up_to_6236()
    {
        var total = Enumerable.Range(1, Quran.SurahCount).Sum(Quran.AyahCount);
        Assert.Equal(6236, total);
    }

    [Theory]
    [InlineData(1, 7, true)]
    [InlineData(1, 8, false)]
    [InlineData(2, 286, true)]
    [InlineData(114, 6, true)]
    [InlineData(115, 1, false)]
    [InlineData(2, 0, false)]
    public void IsAyah_knows_the_shape_of_each_surah(int surah, int ayah, bool expected) =>
        Assert.Equal(expected, Quran.IsAyah(surah, ayah));
}
