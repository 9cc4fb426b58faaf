using System.Text.Json;
using System.Text.Json.Nodes;
using static Syncline.Protocol.Validation.FieldReader;

namespace Syncline.Protocol.Validation;

/// <summary>The rules of a COLLECTION's data (PROTOCOL.md section 4.2).</summary>
public static class CollectionRules
{
    /// <summary>The id of every user's system collection.</summary>
    public const string DefaultId = "__default__";

    /// <summary>The name of the system collection.</summary>
    public const string DefaultName = "Favorites";

    /// <summary>The longest collection name, in characters after trimming.</summary>
    public const int MaxNameLength = 255;

    internal static string? Read(JsonElement data, bool isCreate, JsonObject fields)
    {
        switch (String(Get(data, "name"), out var name))
        {
            case FieldState.Invalid:
                return "Invalid name";
            case FieldState.Absent when isCreate:
                return "Missing name";
            case FieldState.Ok:
                name = name.Trim();
                var length = name.EnumerateRunes().Count();
                if (length is < 1 or > MaxNameLength)
                {
                    return "Invalid name";
                }

                fields["name"] = name;
                break;
        }

        switch (Bool(Get(data, "isPrivate"), out var isPrivate))
        {
            case FieldState.Invalid:
                return "Invalid isPrivate";
            case FieldState.Ok:
                fields["isPrivate"] = isPrivate;
                break;
            case FieldState.Absent when isCreate:
                fields["isPrivate"] = true;
                break;
        }

        return CopyClientTimes(data, fields) is { } badTime ? $"Invalid {badTime}" : null;
    }

    /// <summary>The slug the server computes from a name: lower case, runs of other characters as one <c>-</c>.</summary>
    public static string Slug(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var slug = new System.Text.StringBuilder(name.Length);
        foreach (var c in name.Trim().ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c))
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        return slug.ToString().TrimEnd('-');
    }
}
