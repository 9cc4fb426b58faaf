namespace Syncline.Client.Store;

/// <summary>
/// Ids for records made on this device before the server names them. Server ids are 24 lowercase
/// alphanumerics (or <c>__default__</c>), so the <c>local_</c> prefix can never be mistaken for one.
/// </summary>
internal static class LocalIds
{
    public const string Prefix = "local_";

    public static string New() => Prefix + Guid.NewGuid().ToString("N");

    public static bool IsLocal(string id) => id.StartsWith(Prefix, StringComparison.Ordinal);
}
