using System.CommandLine;
using Syncline.Cli.Commands;
using Syncline.Cli.Output;
using Syncline.Client;

namespace Syncline.Cli.Local;

/// <summary>One command's view of the device: its database (through the SDK), its login, and the terminal.</summary>
internal sealed class CliSession : IAsyncDisposable
{
    // The SDK needs a server address to open; before login nothing is sent, so any address will do.
    private static readonly Uri NotLoggedIn = new("http://not-logged-in.invalid/");

    private readonly HttpClient _http;
    private readonly List<IdAlias> _renamed = [];

    private CliSession(string databasePath, Login? login, SyncClient client, HttpClient http, Terminal terminal)
    {
        DatabasePath = databasePath;
        Login = login;
        Client = client;
        _http = http;
        Out = terminal;
        Ids = new IdAliases(databasePath);
        // Remember every local id the server renames, in this command's syncs, for IdAliases.
        client.ResourcesChanged += (_, e) =>
        {
            lock (_renamed)
            {
                _renamed.AddRange(e.Changes.Where(c => c is { Kind: ChangeKind.IdChanged, PreviousId: not null }).Select(c => new IdAlias(c.PreviousId!, c.Id)));
            }
        };
    }

    public string DatabasePath { get; }

    public Login? Login { get; }

    public SyncClient Client { get; }

    public Terminal Out { get; }

    public IdAliases Ids { get; }

    public static async Task<CliSession> OpenAsync(ParseResult parse, CancellationToken ct, Action<SyncClientOptions>? configure = null)
    {
        var path = DatabaseLocation.Resolve(parse.GetValue(CommonOptions.Database));
        var login = LoginFile.Read(path);
        // Only to bound the wait for a connection that never comes (the SDK's own client waits 30 s per try).
        var http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5) }) { Timeout = TimeSpan.FromSeconds(30) };
        try
        {
            var options = new SyncClientOptions
            {
                ServerUrl = login?.Server ?? NotLoggedIn,
                DatabasePath = path,
                TokenProvider = _ => ValueTask.FromResult(login?.Token ?? throw NotLoggedInError()),
                HttpClient = http,
                Profile = login?.Profile ?? ServerProfile.Syncline,
                ClientId = login?.ClientId,
            };
            configure?.Invoke(options);
            var client = await SyncClient.OpenAsync(options, cancellationToken: ct);
            return new CliSession(path, login, client, http, new Terminal());
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            http.Dispose();
            throw new IOException($"cannot open the database {path}: {exception.Message}", exception);
        }
    }

    public static BadInputException NotLoggedInError() => new("not logged in: run syncline login --server URL --token TOKEN");

    /// <summary>The login, for commands that talk to the server.</summary>
    public Login RequireLogin() => Login ?? throw NotLoggedInError();

    /// <summary>Says that a write is stored, and whether anything waits for the next sync.</summary>
    public async Task ConfirmAsync(string done, SyncStatus status, CancellationToken ct)
    {
        var pending = (await Client.GetStatusAsync(ct)).PendingCount;
        var state = pending > 0 ? $"pending sync ({Texts.Count(pending, "change")} queued)"
            : status == SyncStatus.Synced ? "synced"
            : "nothing to sync";
        Out.Line($"{done}, {state}");
    }

    /// <summary>Stores the renames seen so far (a long-running command calls this after each sync).</summary>
    public void SaveRenamedIds()
    {
        List<IdAlias> renamed;
        lock (_renamed)
        {
            renamed = [.. _renamed];
            _renamed.Clear();
        }

        Ids.Add(renamed);
    }

    public async ValueTask DisposeAsync()
    {
        SaveRenamedIds();
        await Client.DisposeAsync();
        _http.Dispose();
    }
}
