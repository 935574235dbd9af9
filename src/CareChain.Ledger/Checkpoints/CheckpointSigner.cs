using System.Security.Cryptography;

namespace CareChain.Ledger.Checkpoints;

/// <summary>
/// Signs checkpoints with an ECDSA P-256 private key: the signature is over
/// <c>"carechain.ledger.checkpoint.sig.v1" 0x00 || body</c> with SHA-256, in the fixed 64-byte
/// IEEE P1363 form. The signer owns the key and disposes it.
/// </summary>
/// <remarks>Not guaranteed thread-safe; the checkpoint grain signs one checkpoint at a time.</remarks>
public sealed class CheckpointSigner : IDisposable
{
    private readonly ECDsa _key;
    private bool _disposed;

    /// <summary>Wraps <paramref name="key"/>, which must be P-256; the signer takes ownership.</summary>
    /// <exception cref="ArgumentException">The key is not on P-256.</exception>
    public CheckpointSigner(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        bool p256;
        try
        {
            p256 = CheckpointKey.IsP256(key);
        }
        catch (CryptographicException error)
        {
            throw new ArgumentException("Checkpoint signing key could not be read.", nameof(key), error);
        }

        if (!p256)
        {
            throw new ArgumentException("Checkpoint signing key must be ECDSA P-256.", nameof(key));
        }

        _key = key;
        PublicKey = CheckpointKey.FromSubjectPublicKeyInfo(key.ExportSubjectPublicKeyInfo());
    }

    /// <summary>The public key verifiers pin.</summary>
    public CheckpointKey PublicKey { get; }

    /// <summary>Creates a signer with a fresh random P-256 key.</summary>
    public static CheckpointSigner Generate() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256));

    /// <summary>Loads a "PRIVATE KEY" (PKCS#8) PEM block.</summary>
    /// <exception cref="LedgerFormatException">The PEM is malformed or not a P-256 private key.</exception>
    public static CheckpointSigner FromPkcs8Pem(string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        var der = PemBlock.Read(pem, "PRIVATE KEY");
        var key = ECDsa.Create();
        try
        {
            key.ImportPkcs8PrivateKey(der, out var read);
            if (read != der.Length)
            {
                throw new LedgerFormatException("PKCS#8 key has trailing data.");
            }

            var signer = new CheckpointSigner(key);
            key = null;
            return signer;
        }
        catch (CryptographicException error)
        {
            throw new LedgerFormatException("PEM block is not a PKCS#8 ECDSA private key.", error);
        }
        catch (ArgumentException error)
        {
            throw new LedgerFormatException("PKCS#8 key is not an ECDSA P-256 key.", error);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(der);
            key?.Dispose();
        }
    }

    /// <summary>The private key as a "PRIVATE KEY" (unencrypted PKCS#8) PEM block; protect it accordingly.</summary>
    public string ExportPkcs8Pem()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var der = _key.ExportPkcs8PrivateKey();
        try
        {
            return new string(PemEncoding.Write("PRIVATE KEY", der));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(der);
        }
    }

    /// <summary>Encodes and signs a checkpoint.</summary>
    /// <exception cref="ArgumentException">The checkpoint is invalid (see <see cref="CheckpointCodec.Encode"/>).</exception>
    public SignedCheckpoint Sign(Checkpoint checkpoint)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var body = CheckpointCodec.Encode(checkpoint);
        var signature = _key.SignData(
            SignedCheckpoint.SigningInput(body),
            HashAlgorithmName.SHA256,
            DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return new SignedCheckpoint(body, signature, PublicKey.KeyId);
    }

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _key.Dispose();
        }
    }
}
