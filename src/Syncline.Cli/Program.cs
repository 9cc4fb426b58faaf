using Syncline.Cli;

return await SynclineCli.RunAsync(args);
