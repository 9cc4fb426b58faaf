using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;

namespace Syncline.Server;

/// <summary>
/// Runs the server until it is stopped. A start that cannot go on for a reason the operator can
/// fix (a bad setting, an address in use) ends with one line on stderr and a non-zero exit code,
/// not a stack trace.
/// </summary>
internal static class ServerCommand
{
    /// <summary>The exit code when an address to listen on is taken.</summary>
    public const int CannotListen = 1;

    /// <summary>The exit code when a setting is invalid.</summary>
    public const int BadSettings = 2;

    // The host logs a failed start with its stack trace under this category before it throws.
    private const string HostCategory = "Microsoft.Extensions.Hosting.Internal.Host";

    public static async Task<int> RunAsync(string[] args, TextWriter error, CancellationToken ct = default)
    {
        var starting = true;
        WebApplication app;
        try
        {
            app = await SynclineApp.BuildAsync(
                args,
                builder => builder.Services.PostConfigure<LoggerFilterOptions>(filters => QuietWhileStarting(filters, () => starting)),
                ct);
        }
        catch (OptionsValidationException invalid)
        {
            await error.WriteLineAsync($"error: {string.Join("; ", invalid.Failures)}");
            return BadSettings;
        }

        await using (app)
        {
            try
            {
                await app.StartAsync(ct);
            }
            catch (IOException taken) when (taken.InnerException is AddressInUseException)
            {
                await error.WriteLineAsync($"error: {taken.Message} Choose a free one with --urls, e.g. --urls http://127.0.0.1:5081");
                return CannotListen;
            }
            finally
            {
                // Any other failure to start is thrown on, and printed whole by the runtime.
                starting = false;
            }

            await app.WaitForShutdownAsync(ct);
        }

        return 0;
    }

    /// <summary>
    /// Keeps the host's error about a failed start out of the log while <paramref name="starting"/>:
    /// the failure is reported in one line, or thrown on. Every rule keeps its level and gains the
    /// check, so the configured levels stay as they are.
    /// </summary>
    private static void QuietWhileStarting(LoggerFilterOptions filters, Func<bool> starting)
    {
        bool Keep(string? category, LogLevel level) => !(starting() && level >= LogLevel.Error && category == HostCategory);

        var rules = filters.Rules
            .Select(rule => new LoggerFilterRule(
                rule.ProviderName, rule.CategoryName, rule.LogLevel, (provider, category, level) => Keep(category, level) && (rule.Filter?.Invoke(provider, category, level) ?? true)))
            .ToList();
        filters.Rules.Clear();
        // For categories no rule names: least specific and first, so every configured rule wins over it.
        filters.Rules.Add(new LoggerFilterRule(null, null, filters.MinLevel, (_, category, level) => Keep(category, level)));
        foreach (var rule in rules)
        {
            filters.Rules.Add(rule);
        }
    }
}
