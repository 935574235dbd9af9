using System.Security.Cryptography;
using CareChain.Ledger.Chain;
using CareChain.Ledger.Internal;

namespace CareChain.Ledger.Merkle;

/// <summary>
/// Proof that the tree of <see cref="FromSize"/> leaves is a prefix of the tree of
/// <see cref="ToSize"/> leaves (RFC 9162 section 2.1.4).
/// </summary>
/// <remarks>
/// Equal sizes give an empty path and verify when the two roots are equal. A proof from the empty
/// tree (size 0) is not defined by the RFC and never verifies.
/// </remarks>
public sealed record ConsistencyProof(long FromSize, long ToSize, IReadOnlyList<byte[]> Path)
{
    /// <summary>
    /// Runs RFC 9162 section 2.1.4.2. Returns false, never throws, for any malformed proof.
    /// </summary>
    public bool Verify(ReadOnlySpan<byte> fromRoot, ReadOnlySpan<byte> toRoot)
    {
        if (Path is null || Path.Count > MerkleMath.MaxPathLength
            || fromRoot.Length != HashChain.HashSize || toRoot.Length != HashChain.HashSize
            || FromSize < 1 || ToSize < FromSize)
        {
            return false;
        }

        foreach (var p in Path)
        {
            if (p is null || p.Length != HashChain.HashSize)
            {
                return false;
            }
        }

        if (FromSize == ToSize)
        {
            return Path.Count == 0 && CryptographicOperations.FixedTimeEquals(fromRoot, toRoot);
        }

        if (Path.Count == 0)
        {
            return false;
        }

        // A complete old tree is its own first node, so the prover leaves it out.
        var next = 0;
        ReadOnlySpan<byte> seed = MerkleMath.IsPowerOfTwo(FromSize) ? fromRoot : Path[next++];

        var fn = FromSize - 1;
        var sn = ToSize - 1;
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }

        Span<byte> fr = stackalloc byte[HashChain.HashSize];
        Span<byte> sr = stackalloc byte[HashChain.HashSize];
        seed.CopyTo(fr);
        seed.CopyTo(sr);
        for (; next < Path.Count; next++)
        {
            var c = Path[next];
            if (sn == 0)
            {
                return false;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                MerkleHash.Node(c, fr, fr);
                MerkleHash.Node(c, sr, sr);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                MerkleHash.Node(sr, c, sr);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0
            && CryptographicOperations.FixedTimeEquals(fr, fromRoot)
            && CryptographicOperations.FixedTimeEquals(sr, toRoot);
    }

    /// <summary>Compares the sizes and the path hashes by content.</summary>
    public bool Equals(ConsistencyProof? other) =>
        other is not null && FromSize == other.FromSize && ToSize == other.ToSize && ContentEquality.HashLists(Path, other.Path);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(FromSize);
        hash.Add(ToSize);
        ContentEquality.AddHashList(ref hash, Path);
        return hash.ToHashCode();
    }
}
