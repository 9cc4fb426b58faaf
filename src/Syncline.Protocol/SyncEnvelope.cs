namespace Syncline.Protocol;

/// <summary>The envelope of every successful response: <c>{"success":true,"data":...}</c>.</summary>
/// <typeparam name="T">The payload type.</typeparam>
/// <param name="Success">Always true.</param>
/// <param name="Data">The payload.</param>
public sealed record SyncEnvelope<T>(bool Success, T Data);
