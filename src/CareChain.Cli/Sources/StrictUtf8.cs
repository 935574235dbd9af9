using System.Text;

namespace CareChain.Cli.Sources;

/// <summary>
/// UTF-8 that refuses instead of repairing. The default encoder silently turns a lone surrogate
/// into U+FFFD, which would hand the verifier different bytes from the ones the server stored.
/// </summary>
internal static class StrictUtf8
{
    private static readonly UTF8Encoding Encoding = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static byte[]? TryGetBytes(string text)
    {
        try
        {
            return Encoding.GetBytes(text);
        }
        catch (EncoderFallbackException)
        {
            return null;
        }
    }
}
