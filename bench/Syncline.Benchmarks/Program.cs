using Syncline.Benchmarks;

// `server [...]` runs the end-to-end server workload; `client [--entries N] [--writes N] [--samples N] [--json]` the SDK's;
// `history [--records N] [--edits N]` what a long history costs a fresh device and the database.
if (args is ["history", .. var historyArgs])
{
    int Value(string name, int fallback) =>
        Array.IndexOf(historyArgs, name) is var i and >= 0 && i + 1 < historyArgs.Length ? int.Parse(historyArgs[i + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
    await new HistoryWorkload(Value("--records", 1_000), Value("--edits", 200_000), Console.Out).RunAsync(CancellationToken.None);
    return 0;
}

// `pullbudget [...]` heavy pulls of large notes against the server's memory (PullBudgetWorkload.Usage).
if (args is ["client", .. var clientArgs])
{
    int Value(string name, int fallback) =>
        Array.IndexOf(clientArgs, name) is var i and >= 0 && i + 1 < clientArgs.Length ? int.Parse(clientArgs[i + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
    using var cancel = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        cancel.Cancel();
    };
    await new ClientWorkload(Value("--entries", 100_000), Value("--writes", 10_000), Value("--samples", 2_000), clientArgs.Contains("--json")).RunAsync(cancel.Token);
    return 0;
}

if (args is ["pullbudget", .. var budgetArgs])
{
    string? Text(string name) => Array.IndexOf(budgetArgs, name) is var i and >= 0 && i + 1 < budgetArgs.Length ? budgetArgs[i + 1] : null;
    int Number(string name, int fallback) => Text(name) is { } text ? int.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : fallback;
    using var cancel = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        cancel.Cancel();
    };
    await new PullBudgetWorkload(Number("--notes", 1_000), Number("--clients", 20), Number("--seconds", 30), Text("--server-dll"), Console.Out).RunAsync(cancel.Token);
    return 0;
}

if (args is not ["server", .. var rest])
{
    await Console.Error.WriteLineAsync(ServerWorkloadOptions.Usage);
    await Console.Error.WriteLineAsync(PullBudgetWorkload.Usage);
    return 2;
}

if (!ServerWorkloadOptions.TryParse(rest, out var options, out var error))
{
    await Console.Error.WriteLineAsync(error);
    await Console.Error.WriteLineAsync(ServerWorkloadOptions.Usage);
    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

try
{
    await new ServerWorkload(options, Console.Out).RunAsync(stop.Token);
    return 0;
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    await Console.Error.WriteLineAsync("stopped");
    return 130;
}
