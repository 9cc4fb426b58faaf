using System.Buffers;
using System.Text.Json;
using Syncline.Protocol;

namespace Syncline.Benchmarks;

/// <summary>
/// Push bodies of CREATEs of distinct records of every resource, so that N mutations leave N distinct
/// rows on a device that pulls them (plus the system collection), at 100,000 as at 1,000,000. Of every
/// ten: four notes, one collection, two bookmarks, three links. Bookmarks stop at the 66,420 distinct
/// places a user can have and links need the ids of collections and bookmarks already acknowledged;
/// where either runs out, a note takes the slot.
/// </summary>
internal sealed class RecordMixSource
{
    private readonly List<string> _collectionIds = [];
    private readonly List<string> _bookmarkIds = [];
    private long _slot;
    private int _linkCollection;
    private int _linkBookmark;

    public long Notes { get; private set; }

    public long Collections { get; private set; }

    public long Bookmarks { get; private set; }

    public long Links { get; private set; }

    /// <summary>A <c>{"mutations":[...]}</c> body of the next <paramref name="count"/> records.</summary>
    public byte[] NextBatch(int count)
    {
        var output = new ArrayBufferWriter<byte>(32 + (count * 120));
        using (var json = new Utf8JsonWriter(output))
        {
            json.WriteStartObject();
            json.WriteStartArray("mutations");
            for (var i = 0; i < count; i++)
            {
                json.WriteStartObject();
                json.WriteString("type", "CREATE");
                WriteRecord(json, (_slot++ % 10) switch
                {
                    4 => Resource.Collection,
                    5 or 6 when Bookmarks < BookmarkSource.DistinctCount => Resource.Bookmark,
                    7 or 8 or 9 when NextLink() is not null => Resource.Link,
                    _ => Resource.Note,
                });
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return output.WrittenSpan.ToArray();
    }

    /// <summary>Keeps the server ids of the collections and bookmarks a push created, for later links.</summary>
    public void Acknowledge(PushResult result)
    {
        foreach (var ack in result.Mutations)
        {
            var ids = ack.Resource switch
            {
                ResourceNames.Collection => _collectionIds,
                ResourceNames.Bookmark => _bookmarkIds,
                _ => null,
            };
            if (ack.Type == MutationTypes.Create && ack.ResourceId is { } id)
            {
                ids?.Add(id);
            }
        }
    }

    private void WriteRecord(Utf8JsonWriter json, Resource resource)
    {
        switch (resource)
        {
            case Resource.Collection:
                json.WriteString("resource", ResourceNames.Collection);
                json.WriteStartObject("data");
                json.WriteString("name", $"benchmark collection {Collections++}");
                break;
            case Resource.Bookmark:
                json.WriteString("resource", ResourceNames.Bookmark);
                json.WriteStartObject("data");
                BookmarkSource.WritePlace(json, Bookmarks++);
                break;
            case Resource.Link:
                var (collectionId, bookmarkId) = NextLink()!.Value;
                json.WriteString("resource", ResourceNames.CollectionBookmark);
                json.WriteStartObject("data");
                json.WriteString("collectionId", collectionId);
                json.WriteString("bookmarkId", bookmarkId);
                Links++;
                _linkBookmark++;
                break;
            default:
                json.WriteString("resource", ResourceNames.Note);
                json.WriteStartObject("data");
                json.WriteString("body", $"benchmark note number {Notes++}: a reflection on the verses read today");
                json.WriteStartArray("ranges");
                json.WriteStringValue("2:255-2:257");
                json.WriteEndArray();
                break;
        }

        json.WriteEndObject();
    }

    /// <summary>
    /// The next link not made yet: every acknowledged bookmark of one collection, then of the next.
    /// Null until some collection and bookmark ids are acknowledged.
    /// </summary>
    private (string CollectionId, string BookmarkId)? NextLink()
    {
        while (_linkCollection < _collectionIds.Count)
        {
            if (_linkBookmark < _bookmarkIds.Count)
            {
                return (_collectionIds[_linkCollection], _bookmarkIds[_linkBookmark]);
            }

            _linkCollection++;
            _linkBookmark = 0;
        }

        return null;
    }

    private enum Resource
    {
        Note,
        Collection,
        Bookmark,
        Link,
    }
}
