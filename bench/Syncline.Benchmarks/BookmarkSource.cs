using System.Buffers;
using System.Text.Json;
using Syncline.Protocol.Validation;

namespace Syncline.Benchmarks;

/// <summary>
/// Push bodies of bookmark CREATEs, each batch continuing where the last stopped. It walks every
/// distinct bookmark a user can have (6,236 ayahs, 114 surahs, 30 juz and 1,000 pages, times the
/// 9 mushafs: 66,420), then starts again; a CREATE of a live bookmark is logged as an UPDATE of it.
/// </summary>
internal sealed class BookmarkSource
{
    private static readonly int[] Mushafs = [.. Quran.Mushafs.Order()];
    private static readonly Location[] Locations = AllLocations();
    private long _next;

    public static int DistinctCount => Locations.Length * Mushafs.Length;

    /// <summary>A <c>{"mutations":[...]}</c> body of the next <paramref name="count"/> bookmarks.</summary>
    public byte[] NextBatch(int count)
    {
        var output = new ArrayBufferWriter<byte>(32 + (count * 100));
        using (var json = new Utf8JsonWriter(output))
        {
            json.WriteStartObject();
            json.WriteStartArray("mutations");
            for (var i = 0; i < count; i++)
            {
                json.WriteStartObject();
                json.WriteString("type", "CREATE");
                json.WriteString("resource", "BOOKMARK");
                json.WriteStartObject("data");
                WritePlace(json, _next++ % DistinctCount);
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return output.WrittenSpan.ToArray();
    }

    /// <summary>Writes the fields that place the <paramref name="n"/>-th distinct bookmark (0 &lt;= n &lt; <see cref="DistinctCount"/>).</summary>
    public static void WritePlace(Utf8JsonWriter json, long n)
    {
        var location = Locations[n / Mushafs.Length];
        json.WriteString("type", location.Type);
        json.WriteNumber("key", location.Key);
        if (location.VerseNumber is { } verse)
        {
            json.WriteNumber("verseNumber", verse);
        }

        json.WriteNumber("mushaf", Mushafs[n % Mushafs.Length]);
    }

    private static Location[] AllLocations()
    {
        var all = new List<Location>();
        for (var surah = 1; surah <= Quran.SurahCount; surah++)
        {
            for (var ayah = 1; ayah <= Quran.AyahCount(surah); ayah++)
            {
                all.Add(new Location("ayah", surah, ayah));
            }
        }

        all.AddRange(Enumerable.Range(1, Quran.SurahCount).Select(k => new Location("surah", k, null)));
        all.AddRange(Enumerable.Range(1, Quran.JuzCount).Select(k => new Location("juz", k, null)));
        all.AddRange(Enumerable.Range(1, Quran.MaxPage).Select(k => new Location("page", k, null)));
        return [.. all];
    }

    private sealed record Location(string Type, int Key, int? VerseNumber);
}
