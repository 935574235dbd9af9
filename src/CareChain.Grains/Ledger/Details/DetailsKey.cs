using System.Security.Cryptography;
using System.Text;

namespace CareChain.Grains.Ledger.Details;

/// <summary>
/// The key-encryption key of erasable ledger details (AES-256-GCM). It never encrypts details
/// itself: it wraps each patient's own data key, so destroying one patient's wrapped key erases
/// that patient's details (crypto-shredding) without touching anyone else's or the ledger.
/// </summary>
/// <remarks>
/// Wrapped data key: <c>version (1) || nonce (12) || ciphertext (32) || tag (16)</c>; sealed detail:
/// <c>version (1) || nonce (12) || ciphertext || tag (16)</c>. Both bind the patient pseudonym as
/// associated data, so a row copied to another patient does not open.
/// </remarks>
public sealed class DetailsKey
{
    /// <summary>Size of this key and of every patient data key, in bytes.</summary>
    public const int KeySize = 32;

    internal const byte FormatVersion = 1;
    internal const int NonceSize = 12;
    internal const int TagSize = 16;
    internal const int Overhead = 1 + NonceSize + TagSize;
    internal const int WrappedKeySize = Overhead + KeySize;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly byte[] _key;
    private readonly byte[][] _retired;

    /// <param name="key">Exactly <see cref="KeySize"/> bytes; copied, so the caller may clear its array.</param>
    /// <param name="retired">
    /// Earlier details keys, still able to unwrap what they wrapped until <see cref="Rewrap"/> has moved
    /// every data key to <paramref name="key"/>; then they can be destroyed, and with them any copy of a
    /// wrapped data key left in an old backup. Same size rule; copied.
    /// </param>
    public DetailsKey(byte[] key, IReadOnlyList<byte[]>? retired = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length != KeySize || (retired ?? []).Any(old => old is null || old.Length != KeySize))
        {
            throw new ArgumentException($"Every details key must be {KeySize} bytes.", nameof(key));
        }

        _key = (byte[])key.Clone();
        _retired = [.. (retired ?? []).Select(old => (byte[])old.Clone())];
    }

    /// <summary>True when retired keys are configured, so data keys may need re-wrapping.</summary>
    public bool HasRetiredKeys => _retired.Length > 0;

    /// <summary>A fresh random data key for one patient, wrapped under this key.</summary>
    internal byte[] NewWrappedDataKey(string patient)
    {
        var dataKey = RandomNumberGenerator.GetBytes(KeySize);
        try
        {
            return Encrypt(_key, dataKey, DataKeyContext(patient));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    /// <summary>The patient's data key, or null when <paramref name="wrapped"/> was not made by this key or a retired one for this patient.</summary>
    internal byte[]? UnwrapDataKey(string patient, byte[] wrapped)
    {
        if (wrapped.Length != WrappedKeySize)
        {
            return null;
        }

        var context = DataKeyContext(patient);
        return Decrypt(_key, wrapped, context) ?? UnwrapWithRetired(wrapped, context);
    }

    /// <summary>
    /// <paramref name="wrapped"/> wrapped again under the current key when only a retired key opens it;
    /// null when the current key already does, or when no key does.
    /// </summary>
    internal byte[]? Rewrap(string patient, byte[] wrapped)
    {
        if (wrapped.Length != WrappedKeySize)
        {
            return null;
        }

        var context = DataKeyContext(patient);
        var current = Decrypt(_key, wrapped, context);
        if (current is not null)
        {
            CryptographicOperations.ZeroMemory(current);
            return null;
        }

        var dataKey = UnwrapWithRetired(wrapped, context);
        if (dataKey is null)
        {
            return null;
        }

        try
        {
            return Encrypt(_key, dataKey, context);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    private byte[]? UnwrapWithRetired(byte[] wrapped, byte[] context) =>
        _retired.Select(old => Decrypt(old, wrapped, context)).FirstOrDefault(dataKey => dataKey is not null);

    /// <summary>Encrypts <paramref name="text"/> under a patient's data key.</summary>
    internal static byte[] Seal(byte[] dataKey, string patient, string text) =>
        Encrypt(dataKey, StrictUtf8.GetBytes(text), DetailContext(patient));

    /// <summary>The text sealed in <paramref name="sealedDetail"/>, or null when it does not open with this data key and patient.</summary>
    internal static string? Open(byte[] dataKey, string patient, byte[] sealedDetail)
    {
        if (sealedDetail.Length < Overhead)
        {
            return null;
        }

        var plaintext = Decrypt(dataKey, sealedDetail, DetailContext(patient));
        if (plaintext is null)
        {
            return null;
        }

        try
        {
            return StrictUtf8.GetString(plaintext);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static byte[] DataKeyContext(string patient) => Encoding.UTF8.GetBytes("carechain.details.data-key.v1\0" + patient);

    private static byte[] DetailContext(string patient) => Encoding.UTF8.GetBytes("carechain.details.v1\0" + patient);

    private static byte[] Encrypt(byte[] key, ReadOnlySpan<byte> plaintext, byte[] associatedData)
    {
        var output = new byte[Overhead + plaintext.Length];
        output[0] = FormatVersion;
        var nonce = output.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plaintext, output.AsSpan(1 + NonceSize, plaintext.Length), output.AsSpan(output.Length - TagSize), associatedData);
        return output;
    }

    private static byte[]? Decrypt(byte[] key, byte[] input, byte[] associatedData)
    {
        if (input.Length < Overhead || input[0] != FormatVersion)
        {
            return null;
        }

        var plaintext = new byte[input.Length - Overhead];
        using var aes = new AesGcm(key, TagSize);
        try
        {
            aes.Decrypt(input.AsSpan(1, NonceSize), input.AsSpan(1 + NonceSize, plaintext.Length), input.AsSpan(input.Length - TagSize), plaintext, associatedData);
            return plaintext;
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
    }
}
