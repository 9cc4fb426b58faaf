using Syncline.Benchmarks;

// `server [--seed N] [--push N] [--clients N] [--seconds N]` runs the end-to-end server workload.
if (args is not ["server", .. var rest])
{
    await Console.Error.WriteLineAsync(ServerWorkloadOptions.Usage);
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
