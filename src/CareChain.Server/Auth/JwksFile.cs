using Microsoft.IdentityModel.Tokens;

namespace CareChain.Server.Auth;

/// <summary>
/// <c>Auth:JwksFile</c>: the identity provider's public keys as a JSON Web Key Set file, for sites that
/// cannot reach the provider. Read once at start; anything wrong with it stops the start.
/// </summary>
internal static class JwksFile
{
    public const string Setting = $"{AuthOptions.SectionName}:JwksFile";

    /// <summary>
    /// The signing keys of the file at <paramref name="path"/>. Throws an <see cref="InvalidOperationException"/>
    /// naming the setting when the file is missing, is not a key set, has no signing key or has any key
    /// that cannot be used: a file is written by hand, so a key that would be skipped is a mistake to report.
    /// </summary>
    public static IReadOnlyList<SecurityKey> Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception missing) when (missing is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InvalidOperationException($"{Setting} names '{path}', which does not exist.");
        }
        catch (Exception unreadable) when (unreadable is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"{Setting} names '{path}', which cannot be read: {unreadable.Message}");
        }

        JwksReadResult read;
        try
        {
            read = JwksReader.Read(json);
        }
        catch (FormatException invalid)
        {
            throw new InvalidOperationException($"{Setting} '{path}' {invalid.Message}.");
        }

        if (read.Problems.Count > 0)
        {
            throw new InvalidOperationException($"{Setting} '{path}': {string.Join("; ", read.Problems)}.");
        }

        return read.Keys.Count > 0
            ? read.Keys
            : throw new InvalidOperationException(
                $"{Setting} '{path}' holds no signing keys: expected RSA or EC public keys in a \"keys\" array (keys for encryption are ignored).");
    }
}
