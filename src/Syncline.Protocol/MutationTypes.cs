namespace Syncline.Protocol;

/// <summary>The three mutation types of the protocol, as emitted on the wire (upper case).</summary>
public static class MutationTypes
{
    /// <summary>The resource was created.</summary>
    public const string Create = "CREATE";

    /// <summary>Some fields of the resource were replaced.</summary>
    public const string Update = "UPDATE";

    /// <summary>The resource was deleted.</summary>
    public const string Delete = "DELETE";

    private static readonly string[] All = [Create, Update, Delete];

    /// <summary>Reads a mutation type in any letter case; returns the canonical upper-case name.</summary>
    public static bool TryNormalize(string? value, out string type)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate, value, StringComparison.OrdinalIgnoreCase))
            {
                type = candidate;
                return true;
            }
        }

        type = string.Empty;
        return false;
    }
}
