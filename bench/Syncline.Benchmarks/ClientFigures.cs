using System.Runtime.InteropServices;
using System.Text.Json;

namespace Syncline.Benchmarks;

/// <summary>The client workload's figures, for <c>--json</c>: one object a script can compare across runs.</summary>
internal sealed record ClientFigures
{
    public int Records { get; init; }

    public int Writes { get; init; }

    public int Samples { get; init; }

    public long Pulled { get; init; }

    public double PullSeconds { get; init; }

    public double PullPeakMiB { get; init; }

    public IReadOnlyDictionary<string, long> Rows { get; init; } = new Dictionary<string, long>();

    public double WriteSeconds { get; init; }

    public long Pushed { get; init; }

    public double PushSeconds { get; init; }

    public double WriteP50Ms { get; init; }

    public double WriteP99Ms { get; init; }

    public double WriteMaxMs { get; init; }

    public double PeakMiB { get; init; }

    public async Task WriteJsonAsync(Stream output, CancellationToken ct)
    {
        await using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("workload", "client");
        json.WriteString("at", DateTime.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        json.WriteString("machine", $"{Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}");
        json.WriteString("loadAverage", MachineCpu.LoadAverage());
        json.WriteNumber("records", Records);
        json.WriteStartObject("pull");
        json.WriteNumber("entries", Pulled);
        json.WriteNumber("seconds", PullSeconds);
        json.WriteNumber("entriesPerSecond", Pulled / PullSeconds);
        json.WriteNumber("peakMiB", PullPeakMiB);
        json.WriteStartObject("rows");
        foreach (var (resource, count) in Rows)
        {
            json.WriteNumber(resource, count);
        }

        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteStartObject("writes");
        json.WriteNumber("count", Writes);
        json.WriteNumber("seconds", WriteSeconds);
        json.WriteEndObject();
        json.WriteStartObject("push");
        json.WriteNumber("mutations", Pushed);
        json.WriteNumber("seconds", PushSeconds);
        json.WriteEndObject();
        json.WriteStartObject("singleWrite");
        json.WriteNumber("samples", Samples);
        json.WriteNumber("p50Ms", WriteP50Ms);
        json.WriteNumber("p99Ms", WriteP99Ms);
        json.WriteNumber("maxMs", WriteMaxMs);
        json.WriteEndObject();
        json.WriteNumber("peakMiB", PeakMiB);
        json.WriteEndObject();
        await json.FlushAsync(ct);
        await output.WriteAsync("\n"u8.ToArray(), ct);
    }
}
