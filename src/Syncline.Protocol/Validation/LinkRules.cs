using System.Text.Json;
using System.Text.Json.Nodes;
using static Syncline.Protocol.Validation.FieldReader;

namespace Syncline.Protocol.Validation;

/// <summary>The rules of a COLLECTION_BOOKMARK's data (PROTOCOL.md section 4.3).</summary>
public static class LinkRules
{
    /// <summary>The field that holds bookmark details when a link names its bookmark by them.</summary>
    public const string BookmarkDetails = "bookmark";

    /// <summary>The composite id of a link, as acknowledged: <c>{collectionId}-{bookmarkId}</c>.</summary>
    public static string CompositeId(string collectionId, string bookmarkId) => $"{collectionId}-{bookmarkId}";

    /// <summary>Splits a composite link id; false when it is not one.</summary>
    public static bool TrySplit(string compositeId, out string collectionId, out string bookmarkId)
    {
        ArgumentNullException.ThrowIfNull(compositeId);
        var dash = compositeId.IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0 || dash == compositeId.Length - 1 || compositeId.IndexOf('-', dash + 1) >= 0)
        {
            collectionId = bookmarkId = string.Empty;
            return false;
        }

        collectionId = compositeId[..dash];
        bookmarkId = compositeId[(dash + 1)..];
        return true;
    }

    /// <summary>CREATE: a collection id and a bookmark id or the bookmark's details.</summary>
    internal static string? ReadCreate(JsonElement data, JsonObject fields)
    {
        if (ReadId(data, "collectionId", fields) is { } collectionError)
        {
            return collectionError;
        }

        if (Get(data, "bookmarkId") is not null)
        {
            if (ReadId(data, "bookmarkId", fields) is { } bookmarkError)
            {
                return bookmarkError;
            }
        }
        else if (Get(data, "key") is not null)
        {
            var details = new JsonObject();
            if (BookmarkRules.Read(data, isCreate: true, details) is { } detailsError)
            {
                return detailsError;
            }

            details.Remove("isReading");
            details.Remove("clientCreatedAt");
            details.Remove("clientUpdatedAt");
            fields[BookmarkDetails] = details;
        }
        else
        {
            return "Missing bookmarkId";
        }

        return CopyClientTimes(data, fields) is { } badTime ? $"Invalid {badTime}" : null;
    }

    /// <summary>DELETE: the two keys in <c>data</c>, or a composite <c>resourceId</c>.</summary>
    internal static string? ReadDelete(JsonElement? data, string? resourceId, JsonObject fields)
    {
        if (data is { ValueKind: JsonValueKind.Object } d && (Get(d, "collectionId") is not null || Get(d, "bookmarkId") is not null))
        {
            return ReadId(d, "collectionId", fields) ?? ReadId(d, "bookmarkId", fields);
        }

        if (resourceId is null)
        {
            return "Missing resourceId";
        }

        // A malformed composite id names no link: the target check answers 404, as for any unknown id.
        if (TrySplit(resourceId, out var collectionId, out var bookmarkId))
        {
            fields["collectionId"] = collectionId;
            fields["bookmarkId"] = bookmarkId;
        }
        else
        {
            fields["collectionId"] = resourceId;
            fields["bookmarkId"] = string.Empty;
        }

        return null;
    }

    private static string? ReadId(JsonElement data, string name, JsonObject fields)
    {
        switch (String(Get(data, name), out var id))
        {
            case FieldState.Absent:
                return $"Missing {name}";
            case FieldState.Invalid:
                return $"Invalid {name}";
            default:
                fields[name] = id;
                return null;
        }
    }
}
