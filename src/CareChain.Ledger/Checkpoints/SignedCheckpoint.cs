using CareChain.Ledger.Internal;

namespace CareChain.Ledger.Checkpoints;

/// <summary>
/// A checkpoint as published: the canonical body exactly as signed, the 64-byte IEEE P1363
/// ECDSA P-256 signature over it, and the id of the key that claims to have signed it.
/// Construction does not check anything; use <see cref="Parse"/> for eager validation and
/// <see cref="CheckpointKey.Verify(SignedCheckpoint)"/> for the signature.
/// </summary>
public sealed record SignedCheckpoint(byte[] Body, byte[] Signature, string KeyId)
{
    /// <summary>Size of a P1363 P-256 signature: r and s, 32 bytes each.</summary>
    public const int SignatureSize = 64;

    private Checkpoint? _checkpoint;

    /// <summary>The canonical checkpoint body; the exact bytes that were signed.</summary>
    public byte[] Body
    {
        get;
        init
        {
            field = value;
            _checkpoint = null;
        }
    } = Body;

    /// <summary>Domain tag hashed in front of <see cref="Body"/> and <see cref="Signature"/> by <see cref="Hash"/>.</summary>
    internal static ReadOnlySpan<byte> HashTag => "carechain.ledger.checkpoint.v1\0"u8;

    /// <summary>The decoded body, decoded on first use.</summary>
    /// <exception cref="LedgerFormatException">The body is not a canonical checkpoint.</exception>
    public Checkpoint Checkpoint => _checkpoint ??= CheckpointCodec.Decode(Body);

    /// <summary>Builds a signed checkpoint and checks its shape (body canonical, signature size, key id form) at once.</summary>
    /// <exception cref="LedgerFormatException">Any part is malformed.</exception>
    public static SignedCheckpoint Parse(byte[] body, byte[] signature, string keyId)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentNullException.ThrowIfNull(keyId);
        if (signature.Length != SignatureSize)
        {
            throw new LedgerFormatException($"Checkpoint signature must be {SignatureSize} bytes (IEEE P1363).");
        }

        if (!LowerHex.IsLowerHex(keyId, 64))
        {
            throw new LedgerFormatException("Checkpoint key id must be 64 lowercase hex characters.");
        }

        var signed = new SignedCheckpoint(body, signature, keyId);
        _ = signed.Checkpoint;
        return signed;
    }

    /// <summary>
    /// <c>SHA-256("carechain.ledger.checkpoint.v1" 0x00 || Body || Signature)</c>: the value the next
    /// checkpoint's <see cref="Checkpoints.Checkpoint.Previous"/> holds. The signature has a fixed
    /// size, so the concatenation is unambiguous.
    /// </summary>
    public byte[] Hash()
    {
        var hash = new byte[Chain.HashChain.HashSize];
        DomainHash.Hash(HashTag, Body, Signature, hash);
        return hash;
    }

    /// <summary>Compares the body, signature and key id by content.</summary>
    public bool Equals(SignedCheckpoint? other) =>
        other is not null && ContentEquality.Bytes(Body, other.Body) && ContentEquality.Bytes(Signature, other.Signature)
        && string.Equals(KeyId, other.KeyId, StringComparison.Ordinal);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        ContentEquality.AddBytes(ref hash, Body);
        ContentEquality.AddBytes(ref hash, Signature);
        hash.Add(KeyId, StringComparer.Ordinal);
        return hash.ToHashCode();
    }

    internal static byte[] SigningInput(ReadOnlySpan<byte> body)
    {
        var input = new byte[CheckpointKey.SigningTag.Length + body.Length];
        CheckpointKey.SigningTag.CopyTo(input);
        body.CopyTo(input.AsSpan(CheckpointKey.SigningTag.Length));
        return input;
    }
}
