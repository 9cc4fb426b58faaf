using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using Syncline.Cli.Commands;

namespace Syncline.Cli;

/// <summary>The command tree, and the one place that turns how a command ended into a line and an exit code.</summary>
internal static class SynclineCli
{
    public static async Task<int> RunAsync(string[] args)
    {
        var root = Build();
        var parse = root.Parse(args.Length == 0 ? ["--help"] : args);
        if (parse.Errors.Count > 0 && parse.Action is ParseErrorAction)
        {
            // "Unrecognized command or argument 'x'" says more than the "Required command was not provided" beside it.
            var error = parse.Errors.FirstOrDefault(e => e.Message.StartsWith("Unrecognized", StringComparison.Ordinal)) ?? parse.Errors[0];
            return Failure.Report(new BadInputException($"{error.Message.TrimEnd('.')} (see: {CommandPath(parse)} --help)"));
        }

        using var interrupts = new Interrupts();
        try
        {
            // Our own handlers: Ctrl+C cancels the token, errors become one line (Failure), never a stack trace.
            var configuration = new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
            return await parse.InvokeAsync(configuration, interrupts.Token);
        }
        catch (Exception exception)
        {
            return Failure.Report(exception, interrupts.Token);
        }
    }

    private static Command Build()
    {
        // A plain Command named "syncline", so help says "syncline" however the app was started (tool, dll, apphost).
        var root = new Command("syncline", "Bookmarks, collections, notes and reading sessions in the terminal: every write works offline, `sync` brings in the server.")
        {
            new HelpOption(),
            new VersionOption(),
            CommonOptions.Database,
            LoginCommand.Build(),
            BookmarkCommands.Build(),
            CollectionCommands.Build(),
            NoteCommands.Build(),
            ReadingCommands.Build(),
            SyncCommands.BuildSync(),
            SyncCommands.BuildStatus(),
            FailedCommands.Build(),
            WatchCommand.Build(),
            ExportCommand.Build(),
        };
        return root;
    }

    private static string CommandPath(ParseResult parse)
    {
        var names = new List<string> { "syncline" };
        for (var result = parse.CommandResult; result.Parent is System.CommandLine.Parsing.CommandResult parent; result = parent)
        {
            names.Insert(1, result.Command.Name);
        }

        return string.Join(' ', names);
    }
}
