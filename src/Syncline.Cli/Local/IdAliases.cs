using System.Text.Json;

namespace Syncline.Cli.Local;

/// <summary>
/// The server ids that replaced this device's local ids, in <c>&lt;db&gt;.ids.json</c>, so an id copied
/// before a sync (<c>local_...</c>) still names its record after it. The SDK renames records in place and
/// keeps no such map; the last <see cref="Capacity"/> renames are kept.
/// </summary>
internal sealed class IdAliases(string databasePath)
{
    private const int Capacity = 1000;

    public string FilePath => databasePath + ".ids.json";

    /// <summary>The id to give the SDK: the server id for a local id that was renamed, else the id itself.</summary>
    public string Resolve(string id)
    {
        if (!id.StartsWith("local_", StringComparison.Ordinal) || !File.Exists(FilePath))
        {
            return id;
        }

        return Load().LastOrDefault(a => a.LocalId == id)?.ServerId ?? id;
    }

    public void Add(IReadOnlyCollection<IdAlias> renamed)
    {
        if (renamed.Count == 0)
        {
            return;
        }

        var aliases = File.Exists(FilePath) ? Load() : [];
        aliases.AddRange(renamed);
        var kept = aliases.Skip(Math.Max(0, aliases.Count - Capacity)).ToList();
        var temporary = $"{FilePath}.{Environment.ProcessId}.tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(kept, CliJsonContext.Default.ListIdAlias));
        File.Move(temporary, FilePath, overwrite: true);
    }

    private List<IdAlias> Load()
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(FilePath), CliJsonContext.Default.ListIdAlias) ?? [];
        }
        catch (JsonException)
        {
            // Only a convenience: a damaged file means local ids are no longer recognised, nothing worse.
            return [];
        }
    }
}

/// <summary>A local id and the server id that replaced it.</summary>
internal sealed record IdAlias(string LocalId, string ServerId);
