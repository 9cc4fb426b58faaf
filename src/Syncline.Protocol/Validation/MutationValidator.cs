using System.Text.Json;
using System.Text.Json.Nodes;

namespace Syncline.Protocol.Validation;

/// <summary>
/// Checks one push item against the shape and field rules of PROTOCOL.md section 4, with the
/// messages of section 5. Needs no stored state: rules that do (targets, merged bookmarks,
/// uniqueness) are the server's, inside its transaction.
/// </summary>
internal static class MutationValidator
{
    /// <summary>Validates the item at <paramref name="index"/> of a push body.</summary>
    public static ItemValidation Validate(JsonElement item, int index)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            return ItemValidation.Fail("Invalid mutation", index);
        }

        if (FieldReader.Get(item, "resource") is not { } resourceElement)
        {
            return ItemValidation.Fail("Missing resource", index);
        }

        if (!FieldReader.TryGetText(resourceElement, out var resourceName)
            || !ResourceNames.TryNormalize(resourceName, out var resource))
        {
            return ItemValidation.Fail($"Invalid resource: {Quote(resourceElement)}", index);
        }

        if (FieldReader.Get(item, "type") is not { } typeElement)
        {
            return ItemValidation.Fail("Missing mutation type", index);
        }

        if (!FieldReader.TryGetText(typeElement, out var typeName) || !MutationTypes.TryNormalize(typeName, out var type))
        {
            return ItemValidation.Fail($"Invalid mutation type: {Quote(typeElement)}", index);
        }

        if (resource == ResourceNames.CollectionBookmark && type == MutationTypes.Update)
        {
            return ItemValidation.Fail("Invalid mutation type: \"UPDATE\" for COLLECTION_BOOKMARK", index);
        }

        string? resourceId = null;
        if (FieldReader.Get(item, "resourceId") is { } idElement)
        {
            if (!FieldReader.TryGetText(idElement, out var id))
            {
                // A CREATE's id is the server's to assign, so whatever a client sent is ignored.
                if (type != MutationTypes.Create)
                {
                    return ItemValidation.Fail("Invalid resourceId", index);
                }
            }
            else if (type != MutationTypes.Create && id.Length > 0)
            {
                resourceId = id;
            }
        }

        if (resource == ResourceNames.Collection && resourceId == CollectionRules.DefaultId)
        {
            return ItemValidation.Fail(
                type == MutationTypes.Delete ? "Default collection cannot be deleted" : "Default collection cannot be modified", index);
        }

        var data = FieldReader.Get(item, "data");
        if (resource == ResourceNames.CollectionBookmark && type == MutationTypes.Delete)
        {
            var keys = new JsonObject();
            return LinkRules.ReadDelete(data, resourceId, keys) is { } linkError
                ? ItemValidation.Fail(linkError, index)
                : Valid(index, type, resource, null, keys);
        }

        if (type != MutationTypes.Create && resourceId is null)
        {
            return ItemValidation.Fail("Missing resourceId", index);
        }

        if (type == MutationTypes.Delete)
        {
            return Valid(index, type, resource, resourceId, []);
        }

        if (data is not { } dataElement)
        {
            return ItemValidation.Fail("Missing data", index);
        }

        if (dataElement.ValueKind != JsonValueKind.Object)
        {
            return ItemValidation.Fail("Invalid data", index);
        }

        var isCreate = type == MutationTypes.Create;
        var fields = new JsonObject();
        var error = resource switch
        {
            ResourceNames.Bookmark => BookmarkRules.Read(dataElement, isCreate, fields),
            ResourceNames.Collection => CollectionRules.Read(dataElement, isCreate, fields),
            ResourceNames.Note => NoteRules.Read(dataElement, isCreate, fields),
            ResourceNames.ReadingSession => ReadingSessionRules.Read(dataElement, isCreate, fields),
            _ => LinkRules.ReadCreate(dataElement, fields),
        };
        return error is null ? Valid(index, type, resource, resourceId, fields) : ItemValidation.Fail(error, index);
    }

    private static ItemValidation Valid(int index, string type, string resource, string? resourceId, JsonObject fields) =>
        new(new ValidMutation(index, type, resource, resourceId, fields), null);

    // A string that is not valid text is quoted as sent, escapes and all.
    private static string Quote(JsonElement value) =>
        FieldReader.TryGetText(value, out var text) ? $"\"{text}\""
        : value.ValueKind == JsonValueKind.String ? $"\"{value.GetRawText()[1..^1]}\""
        : $"\"{value.GetRawText()}\"";
}
