using System.Text.Json.Nodes;

namespace Syncline.Cli.Tests.Support;

/// <summary>One device: a database file of its own in a temp folder, driven through the app.</summary>
public sealed class Device(string directory, string name)
{
    public string DatabasePath { get; } = Path.Combine(directory, $"{name}.db");

    /// <summary>Runs <c>syncline --db DB ARGS</c>.</summary>
    public Task<CliResult> RunAsync(params string[] args) => CliProcess.RunAsync(["--db", DatabasePath, .. args]);

    /// <summary>Runs a command that must succeed (exit 0).</summary>
    public async Task<CliResult> OkAsync(params string[] args)
    {
        var result = await RunAsync(args);
        Assert.True(result.ExitCode == 0, $"syncline {string.Join(' ', args)}: {result}");
        return result;
    }

    public async Task<string> ExportAsync() => (await OkAsync("export", "--json")).Stdout;

    public async Task<JsonObject> ExportJsonAsync() => JsonNode.Parse(await ExportAsync())!.AsObject();

    public WatchProcess StartWatch(params string[] args) => new(["--db", DatabasePath, "watch", .. args]);
}

/// <summary>A temp folder of devices, deleted afterwards.</summary>
public sealed class Devices : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("syncline-cli-").FullName;

    public Device this[string name] => new(_directory, name);

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
