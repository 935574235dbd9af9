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

    /// <param name="key">Exactly <see cref="KeySize"/> bytes; copied, so the caller may clear its array.</param>
    public DetailsKey(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length != KeySize)
        {
            throw new ArgumentException($"The details key must be {KeySize} bytes.", nameof(key));
        }

        _key = (byte[])key.Clone();
    }

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

    /// <summary>The patient's data key, or null when <paramref name="wrapped"/> was not made by this key for this patient.</summary>
    internal byte[]? UnwrapDataKey(string patient, byte[] wrapped) =>
        wrapped.Length == WrappedKeySize ? Decrypt(_key, wrapped, DataKeyContext(patient)) : null;

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
