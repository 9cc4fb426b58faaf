namespace Syncline.Cli;

/// <summary>What <c>syncline</c> returns, for scripts.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Something nobody planned for; the message says what.</summary>
    public const int Unexpected = 1;

    /// <summary>Bad input, an unknown id, or not logged in: the user can fix it and run again.</summary>
    public const int BadInput = 2;

    /// <summary><c>sync</c> could not reach the server; the changes wait for the next one.</summary>
    public const int Offline = 3;

    /// <summary>Stopped by Ctrl+C before the work was done.</summary>
    public const int Interrupted = 130;
}
