using System.CommandLine;
using System.Text;
using System.Text.Json;
using Syncline.Cli.Local;
using Syncline.Cli.Output;
using Syncline.Client;

namespace Syncline.Cli.Commands;

/// <summary><c>login --server URL --token TOKEN</c>: stores both beside the database. Nothing is sent until the next sync.</summary>
internal static class LoginCommand
{
    private static readonly Option<string> Server = new("--server") { Description = "The server's address, e.g. http://localhost:5080", Required = true };
    private static readonly Option<string> Token = new("--token") { Description = "The bearer token (JWT); - reads it from standard input", Required = true };

    private static readonly Option<ServerProfile> Profile = new("--profile")
    {
        Description = "Which kind of server: syncline (default) or upstream (x-auth-token, x-client-id, no idempotency keys)",
        DefaultValueFactory = _ => ServerProfile.Syncline,
    };

    private static readonly Option<string?> ClientId = new("--client-id") { Description = "The app's client id, sent as x-client-id; required with --profile upstream" };

    public static Command Build()
    {
        var command = new Command("login", "Store the server address and token for this database (file mode 600, beside it)") { Server, Token, Profile, ClientId };
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken ct)
    {
        var serverText = parse.GetRequiredValue(Server);
        if (!Uri.TryCreate(serverText, UriKind.Absolute, out var server) || (server.Scheme != Uri.UriSchemeHttp && server.Scheme != Uri.UriSchemeHttps))
        {
            throw new BadInputException($"'{serverText}' is not a server address: write http://HOST:PORT or https://HOST");
        }

        var token = parse.GetRequiredValue(Token);
        token = (token == "-" ? Console.In.ReadLine() ?? string.Empty : token).Trim();
        if (token.Length == 0 || token.Any(char.IsWhiteSpace))
        {
            throw new BadInputException("the token is empty or has spaces in it");
        }

        var profile = parse.GetValue(Profile);
        var clientId = parse.GetValue(ClientId)?.Trim();
        if (profile == ServerProfile.Upstream && string.IsNullOrEmpty(clientId))
        {
            throw new BadInputException("--profile upstream needs --client-id (the app's client id, sent as x-client-id)");
        }

        var database = DatabaseLocation.Resolve(parse.GetValue(CommonOptions.Database));
        var change = await ChangeAsync(database, server, token, ct);
        var path = LoginFile.Write(database, new Login(server, token, profile, string.IsNullOrEmpty(clientId) ? null : clientId));
        var terminal = new Terminal();
        terminal.Line($"logged in to {server}{Who(token)}; saved in {path}; run syncline sync to sync");
        if (change is not null)
        {
            terminal.Line(change);
        }

        return ExitCodes.Ok;
    }

    /// <summary>What the next sync will do about data that came from another server or account, or null when nothing.</summary>
    private static async Task<string?> ChangeAsync(string database, Uri server, string token, CancellationToken ct)
    {
        if (!File.Exists(database))
        {
            return null;
        }

        // The database only, not the old login (which may be what is broken): nothing is sent.
        await using var client = await SyncClient.OpenAsync(
            new SyncClientOptions { ServerUrl = server, DatabasePath = database, TokenProvider = _ => ValueTask.FromResult(token) }, cancellationToken: ct);
        var status = await client.GetStatusAsync(ct);
        var from = status.Account is { } account ? $"{status.Server} as {account}" : $"{status.Server}";
        return await client.ChangeOfServerAsync(server, token, ct) switch
        {
            FullResyncReason.AccountChanged =>
                $"this device's data came from {from}: the next sync replaces it with this account's, and moves {Texts.Count(status.PendingCount, "pending change")} to the failed list (syncline failed list: retry or discard each)",
            FullResyncReason.ServerChanged =>
                $"this device's data came from {from}: the next sync pulls everything again from this server; pending changes are kept and sent there",
            _ => null,
        };
    }

    /// <summary>" as alice (token valid until ...)" read from the JWT's payload, when it is one; the server checks the signature.</summary>
    private static string Who(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return string.Empty;
        }

        try
        {
            var payload = parts[1].Replace('-', '+').Replace('_', '/');
            payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
            using var json = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload)));
            var who = json.RootElement.TryGetProperty("sub", out var sub) && sub.ValueKind == JsonValueKind.String ? $" as {sub.GetString()}" : string.Empty;
            var until = json.RootElement.TryGetProperty("exp", out var exp) && exp.TryGetInt64(out var seconds)
                ? $" (token valid until {Texts.Time(DateTimeOffset.FromUnixTimeSeconds(seconds))})"
                : string.Empty;
            return who + until;
        }
        catch (Exception exception) when (exception is FormatException or JsonException or ArgumentException)
        {
            return string.Empty;
        }
    }
}
