using Syncline.Server;
using Syncline.Server.Auth;

// `token --user ID` mints a development token and exits; anything else runs the server.
return args is [TokenCommand.Name, .. var tokenArgs]
    ? TokenCommand.Run(tokenArgs, Console.Out, Console.Error)
    : await ServerCommand.RunAsync(args, Console.Error);

/// <summary>The server's entry point.</summary>
public partial class Program;
