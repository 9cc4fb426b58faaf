using System.Security.Cryptography;

namespace Syncline.Server.Storage;

/// <summary>Server-assigned resource ids: 24 random lowercase alphanumeric characters, never a <c>-</c>.</summary>
internal static class ServerIds
{
    private const string Alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";

    public static string New() => new(RandomNumberGenerator.GetItems<char>(Alphabet, 24));
}
