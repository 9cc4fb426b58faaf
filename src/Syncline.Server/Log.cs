namespace Syncline.Server;

/// <summary>Every log message of the server, in one place. Ids: 1000s hosting, 2000s sync, 3000s retention.</summary>
internal static partial class Log
{
    [LoggerMessage(1001, LogLevel.Error, "Unhandled exception in request {RequestId}")]
    public static partial void UnhandledException(ILogger logger, Exception exception, string requestId);

    [LoggerMessage(1002, LogLevel.Information, "Syncline server on {Store} store, data in {DataDirectory}, auth mode {AuthMode}")]
    public static partial void Started(ILogger logger, string store, string dataDirectory, string authMode);

    [LoggerMessage(1003, LogLevel.Debug, "Client went away during request {RequestId}: {Reason}")]
    public static partial void ClientGone(ILogger logger, string requestId, string reason);

    /// <summary>The scope of a request that names its device; printed as <c>ClientId:VALUE</c>, like the host's own scopes.</summary>
    public static readonly Func<ILogger, string, IDisposable?> ClientIdScope = LoggerMessage.DefineScope<string>("ClientId:{ClientId}");

    [LoggerMessage(2001, LogLevel.Information, "Pull by {UserId} after {Since}: {Count} of {Total} entries, head {Head}")]
    public static partial void Pulled(ILogger logger, string userId, long since, int count, long total, long head);

    [LoggerMessage(2002, LogLevel.Information, "Push by {UserId} of {Count} mutations at {LastMutationAt}: {Outcome}, head {Head}")]
    public static partial void Pushed(ILogger logger, string userId, int count, long lastMutationAt, string outcome, long head);

    [LoggerMessage(3001, LogLevel.Information, "Pruned history of {Users} users: {LogEntries} log entries, {Tombstones} tombstones")]
    public static partial void Pruned(ILogger logger, int users, long logEntries, long tombstones);

    [LoggerMessage(3002, LogLevel.Error, "Pruning history failed; the next run tries again")]
    public static partial void PruneFailed(ILogger logger, Exception exception);
}
