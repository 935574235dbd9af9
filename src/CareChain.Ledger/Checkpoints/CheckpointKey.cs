using System.Security.Cryptography;
using CareChain.Ledger.Internal;

namespace CareChain.Ledger.Checkpoints;

/// <summary>
/// The public half of the checkpoint signing key: an ECDSA P-256 SubjectPublicKeyInfo (DER) and
/// its id, the lowercase hex SHA-256 of those DER bytes. Published at /ledger/checkpoint-key and
/// pinned by verifiers.
/// </summary>
public sealed record CheckpointKey(string KeyId, byte[] SubjectPublicKeyInfo)
{
    private const string P256Oid = "1.2.840.10045.3.1.7";

    /// <summary>Domain tag signed in front of the checkpoint body.</summary>
    internal static ReadOnlySpan<byte> SigningTag => "carechain.ledger.checkpoint.sig.v1\0"u8;

    /// <summary>Reads and checks a P-256 public key and derives its id.</summary>
    /// <exception cref="LedgerFormatException">The bytes are not a canonical DER P-256 SubjectPublicKeyInfo.</exception>
    public static CheckpointKey FromSubjectPublicKeyInfo(ReadOnlySpan<byte> subjectPublicKeyInfo)
    {
        using var key = Import(subjectPublicKeyInfo)
            ?? throw new LedgerFormatException("Checkpoint key is not a DER ECDSA P-256 SubjectPublicKeyInfo.");
        return new CheckpointKey(ComputeKeyId(subjectPublicKeyInfo), subjectPublicKeyInfo.ToArray());
    }

    /// <summary>Reads a "PUBLIC KEY" PEM block.</summary>
    /// <exception cref="LedgerFormatException">No such block, bad base64, or not a P-256 key.</exception>
    public static CheckpointKey FromPem(string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        return FromSubjectPublicKeyInfo(PemBlock.Read(pem, "PUBLIC KEY"));
    }

    /// <summary>The key as a "PUBLIC KEY" PEM block.</summary>
    public string ToPem() => new(PemEncoding.Write("PUBLIC KEY", SubjectPublicKeyInfo));

    /// <summary>
    /// True when <paramref name="checkpoint"/> names this key and its signature over the body is
    /// valid. Never throws for malformed signatures, ids or keys; it returns false.
    /// </summary>
    public bool Verify(SignedCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        using var verifier = CreateVerifier();
        return verifier?.Verify(checkpoint) ?? false;
    }

    /// <summary>
    /// Imports the key once for many verifications (the verifier checks every checkpoint of an
    /// export), or returns null when the key bytes or id are not valid.
    /// </summary>
    internal SignatureVerifier? CreateVerifier()
    {
        if (SubjectPublicKeyInfo is null || KeyId is null || !string.Equals(KeyId, ComputeKeyId(SubjectPublicKeyInfo), StringComparison.Ordinal))
        {
            return null;
        }

        var key = Import(SubjectPublicKeyInfo);
        return key is null ? null : new SignatureVerifier(KeyId, key);
    }

    /// <summary>Compares the id and key bytes by content.</summary>
    public bool Equals(CheckpointKey? other) =>
        other is not null && string.Equals(KeyId, other.KeyId, StringComparison.Ordinal)
        && ContentEquality.Bytes(SubjectPublicKeyInfo, other.SubjectPublicKeyInfo);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(KeyId, StringComparer.Ordinal);
        ContentEquality.AddBytes(ref hash, SubjectPublicKeyInfo);
        return hash.ToHashCode();
    }

    internal static string ComputeKeyId(ReadOnlySpan<byte> subjectPublicKeyInfo) =>
        LowerHex.Encode(SHA256.HashData(subjectPublicKeyInfo));

    internal static bool IsP256(ECDsa key)
    {
        if (key.KeySize != 256)
        {
            return false;
        }

        var curve = key.ExportParameters(false).Curve;
        return curve.IsNamed
            && (string.Equals(curve.Oid.Value, P256Oid, StringComparison.Ordinal)
                || curve.Oid.FriendlyName is "nistP256" or "ECDSA_P256" or "secp256r1" or "prime256v1");
    }

    /// <summary>
    /// Imports a P-256 public key, or returns null. The DER must be exactly what .NET would write
    /// back (one encoding per key, uncompressed point, nothing trailing), so a key has one id.
    /// </summary>
    private static ECDsa? Import(ReadOnlySpan<byte> subjectPublicKeyInfo)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out var read);
            if (read == subjectPublicKeyInfo.Length && IsP256(key) && key.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(subjectPublicKeyInfo))
            {
                var imported = key;
                key = null;
                return imported;
            }

            return null;
        }
        catch (CryptographicException)
        {
            return null;
        }
        finally
        {
            key?.Dispose();
        }
    }

    /// <summary>An imported public key; <see cref="Verify"/> never throws for malformed input.</summary>
    internal sealed class SignatureVerifier(string keyId, ECDsa key) : IDisposable
    {
        public bool Verify(SignedCheckpoint checkpoint)
        {
            if (checkpoint.Body is null || checkpoint.Signature is null || checkpoint.Signature.Length != SignedCheckpoint.SignatureSize
                || !string.Equals(checkpoint.KeyId, keyId, StringComparison.Ordinal))
            {
                return false;
            }

            try
            {
                return key.VerifyData(
                    SignedCheckpoint.SigningInput(checkpoint.Body),
                    checkpoint.Signature,
                    HashAlgorithmName.SHA256,
                    DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
            }
            catch (CryptographicException)
            {
                return false;
            }
        }

        public void Dispose() => key.Dispose();
    }
}
