using System.Globalization;
using System.Reflection;

namespace Syncline.Server.Storage;

/// <summary>A store's schema migrations: embedded <c>Migrations/NNN_name.sql</c> files, in version order.</summary>
internal static class MigrationScripts
{
    public static IEnumerable<(int Version, string Name, string Sql)> Load(string resourcePrefix)
    {
        var assembly = Assembly.GetExecutingAssembly();
        var names = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(resourcePrefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        foreach (var resource in names)
        {
            var name = resource[resourcePrefix.Length..^".sql".Length];
            var version = int.Parse(name.AsSpan(0, name.IndexOf('_', StringComparison.Ordinal)), CultureInfo.InvariantCulture);
            using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
            yield return (version, name, reader.ReadToEnd());
        }
    }
}
