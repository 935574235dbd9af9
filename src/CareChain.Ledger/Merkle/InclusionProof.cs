using System.Security.Cryptography;
using CareChain.Ledger.Chain;
using CareChain.Ledger.Internal;

namespace CareChain.Ledger.Merkle;

/// <summary>
/// Proof that a leaf is in a tree of a given size (RFC 9162 section 2.1.3): the sibling hashes on
/// the way from the leaf to the root, leaf end first.
/// </summary>
public sealed record InclusionProof(long LeafIndex, long TreeSize, IReadOnlyList<byte[]> Path)
{
    /// <summary>
    /// Runs RFC 9162 section 2.1.3.2. Returns false, never throws, for any malformed proof
    /// (index outside the tree, wrong path length, hashes of the wrong size).
    /// </summary>
    public bool Verify(ReadOnlySpan<byte> leafHash, ReadOnlySpan<byte> expectedRoot)
    {
        if (Path is null || Path.Count > MerkleMath.MaxPathLength
            || leafHash.Length != HashChain.HashSize || expectedRoot.Length != HashChain.HashSize
            || LeafIndex < 0 || LeafIndex >= TreeSize)
        {
            return false;
        }

        var fn = LeafIndex;
        var sn = TreeSize - 1;
        Span<byte> r = stackalloc byte[HashChain.HashSize];
        leafHash.CopyTo(r);
        foreach (var p in Path)
        {
            if (p is null || p.Length != HashChain.HashSize || sn == 0)
            {
                return false;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                MerkleHash.Node(p, r, r);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                MerkleHash.Node(r, p, r);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 && CryptographicOperations.FixedTimeEquals(r, expectedRoot);
    }

    /// <summary>Compares the indices and the path hashes by content.</summary>
    public bool Equals(InclusionProof? other) =>
        other is not null && LeafIndex == other.LeafIndex && TreeSize == other.TreeSize && ContentEquality.HashLists(Path, other.Path);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(LeafIndex);
        hash.Add(TreeSize);
        ContentEquality.AddHashList(ref hash, Path);
        return hash.ToHashCode();
    }
}
