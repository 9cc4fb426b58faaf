using System.Text.Json.Nodes;
using Syncline.Client.Store;
using Syncline.Protocol;

namespace Syncline.Client;

/// <summary>The user's notes: read locally, written offline, pushed on sync.</summary>
public sealed class Notes
{
    private readonly Resources.LocalWriter _writer;

    internal Notes(Resources.LocalWriter writer) => _writer = writer;

    /// <summary>Every note, oldest first.</summary>
    public Task<IReadOnlyList<Note>> ListAsync(CancellationToken cancellationToken = default) =>
        _writer.ReadAsync<IReadOnlyList<Note>>(
            async (c, ct) => [.. (await c.ListAsync(ResourceNames.Note, ct).ConfigureAwait(false)).Select(ToNote)], cancellationToken);

    /// <summary>The notes whose ranges include an ayah.</summary>
    public async Task<IReadOnlyList<Note>> ForAyahAsync(int surah, int ayah, CancellationToken cancellationToken = default) =>
        [.. (await ListAsync(cancellationToken).ConfigureAwait(false)).Where(n => n.Ranges.Any(r => Covers(r, surah, ayah)))];

    /// <summary>One note, or null.</summary>
    public Task<Note?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        _writer.ReadAsync(async (c, ct) => await c.VisibleAsync(ResourceNames.Note, id, ct).ConfigureAwait(false) is { } row ? ToNote(row) : null, cancellationToken);

    /// <summary>Adds a note on one or more ranges (<c>2:255-2:257</c>).</summary>
    public Task<Note> AddAsync(string body, IReadOnlyList<string> ranges, bool saveToQR = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        var data = new JsonObject { ["body"] = body, ["ranges"] = new JsonArray([.. ranges.Select(r => (JsonNode?)JsonValue.Create(r))]), ["saveToQR"] = saveToQR };
        var fields = Resources.LocalValidation.Fields(MutationTypes.Create, ResourceNames.Note, null, data);
        return _writer.WriteAsync(
            async (tx, ct) => ToNote(await tx.CreateAsync(ResourceNames.Note, LocalIds.New(), fields, ct).ConfigureAwait(false)), cancellationToken);
    }

    /// <summary>Replaces a note's text and, when given, its ranges.</summary>
    public Task<Note> EditAsync(string id, string body, IReadOnlyList<string>? ranges = null, CancellationToken cancellationToken = default)
    {
        var data = new JsonObject { ["body"] = body };
        if (ranges is not null)
        {
            data["ranges"] = new JsonArray([.. ranges.Select(r => (JsonNode?)JsonValue.Create(r))]);
        }

        var fields = Resources.LocalValidation.Fields(MutationTypes.Update, ResourceNames.Note, id, data);
        return _writer.WriteAsync(async (tx, ct) =>
        {
            var row = await tx.Connection.RequireAsync(ResourceNames.Note, id, ct).ConfigureAwait(false);
            return ToNote(await tx.UpdateAsync(row, fields, ct).ConfigureAwait(false));
        }, cancellationToken);
    }

    /// <summary>Deletes a note.</summary>
    public Task DeleteAsync(string id, CancellationToken cancellationToken = default) =>
        _writer.WriteAsync(async (tx, ct) =>
        {
            await tx.DeleteAsync(await tx.Connection.RequireAsync(ResourceNames.Note, id, ct).ConfigureAwait(false), ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);


    private static Note ToNote(LocalResource row) => new(
        row.Id,
        row.Data["body"]?.GetValue<string>() ?? string.Empty,
        [.. (row.Data["ranges"] as JsonArray ?? []).Select(r => r!.GetValue<string>())],
        row.Data["saveToQR"]?.GetValue<bool>() ?? false,
        row.Status);

    private static bool Covers(string range, int surah, int ayah)
    {
        var ends = range.Split('-');
        var start = ends[0].Split(':');
        var end = ends[^1].Split(':');
        var at = (surah * 1000) + ayah;
        var from = (int.Parse(start[0], System.Globalization.CultureInfo.InvariantCulture) * 1000) + int.Parse(start[1], System.Globalization.CultureInfo.InvariantCulture);
        var to = (int.Parse(end[0], System.Globalization.CultureInfo.InvariantCulture) * 1000) + int.Parse(end[1], System.Globalization.CultureInfo.InvariantCulture);
        return at >= from && at <= to;
    }
}
