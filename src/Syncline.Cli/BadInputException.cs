namespace Syncline.Cli;

/// <summary>Input the user can correct: one line on stderr and exit code 2.</summary>
internal sealed class BadInputException(string message) : Exception(message);
