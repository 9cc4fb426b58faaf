namespace Syncline.Client;

/// <summary>A note as this device sees it, pending changes included.</summary>
/// <param name="Id">Its id: the server's, or a local one until the server names it.</param>
/// <param name="Body">The text.</param>
/// <param name="Ranges">The ayah ranges it is about, each <c>surah:ayah-surah:ayah</c>.</param>
/// <param name="SaveToQR">Whether it is also saved to QR.</param>
/// <param name="Status">Where it stands with the server.</param>
public sealed record Note(string Id, string Body, IReadOnlyList<string> Ranges, bool SaveToQR, SyncStatus Status);
