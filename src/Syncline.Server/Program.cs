using Syncline.Server.Auth;
using Syncline.Server.Hosting;

// `token --user ID` mints a development token and exits; anything else runs the server.
if (args is [TokenCommand.Name, .. var tokenArgs])
{
    var configuration = new ConfigurationBuilder()
        .SetBasePath(AppContext.BaseDirectory)
        .AddJsonFile("appsettings.json", optional: true)
        .AddEnvironmentVariables()
        .AddCommandLine(tokenArgs)
        .Build();
    return TokenCommand.Run(tokenArgs, SynclineApp.ReadOptions(configuration), Console.Out, Console.Error);
}

var app = await SynclineApp.BuildAsync(args);
await app.RunAsync();
return 0;

/// <summary>The server's entry point.</summary>
public partial class Program;
