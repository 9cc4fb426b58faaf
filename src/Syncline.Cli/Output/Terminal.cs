using Spectre.Console;
using Spectre.Console.Rendering;

namespace Syncline.Cli.Output;

/// <summary>
/// Standard output: Spectre.Console tables, colour and progress on a terminal; plain lines and
/// tab-separated tables (with a header line) when redirected, for scripts.
/// </summary>
internal sealed class Terminal
{
    public bool IsRich { get; } = !System.Console.IsOutputRedirected;

    public IAnsiConsole Console => AnsiConsole.Console;

    /// <summary>A line of plain text (no markup).</summary>
    public void Line(string text)
    {
        if (IsRich)
        {
            AnsiConsole.Console.Write(new Text(text + Environment.NewLine));
        }
        else
        {
            System.Console.Out.WriteLine(text);
        }
    }

    public void Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, string whenEmpty)
    {
        var all = rows.ToList();
        if (!IsRich)
        {
            System.Console.Out.WriteLine(string.Join('\t', headers));
            foreach (var row in all)
            {
                System.Console.Out.WriteLine(string.Join('\t', row.Select(Cell)));
            }

            return;
        }

        if (all.Count == 0)
        {
            AnsiConsole.Console.MarkupLine($"[grey]{Markup.Escape(whenEmpty)}[/]");
            return;
        }

        var table = new Table().Border(TableBorder.Rounded);
        foreach (var header in headers)
        {
            // Ids are printed whole, so they can be copied.
            table.AddColumn(header == "ID" || header.EndsWith(" ID", StringComparison.Ordinal) ? new TableColumn(header).NoWrap() : new TableColumn(header));
        }

        foreach (var row in all)
        {
            table.AddRow(row.Select(cell => (IRenderable)new Text(cell)).ToArray());
        }

        AnsiConsole.Console.Write(table);
    }

    /// <summary>Name and value pairs: a grid on a terminal, <c>name\tvalue</c> lines otherwise.</summary>
    public void Pairs(IEnumerable<(string Name, string Value)> pairs)
    {
        if (!IsRich)
        {
            foreach (var (name, value) in pairs)
            {
                System.Console.Out.WriteLine($"{name}\t{Cell(value)}");
            }

            return;
        }

        var grid = new Grid().AddColumn(new GridColumn().NoWrap().PadRight(2)).AddColumn();
        foreach (var (name, value) in pairs)
        {
            grid.AddRow(new Text(name, new Style(decoration: Decoration.Bold)), new Text(value));
        }

        AnsiConsole.Console.Write(grid);
    }

    /// <summary>A table cell on one line: tabs and line breaks would split a row.</summary>
    private static string Cell(string value) => value.ReplaceLineEndings(" ").Replace('\t', ' ');
}
