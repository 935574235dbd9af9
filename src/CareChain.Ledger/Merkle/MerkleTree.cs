using System.Numerics;
using CareChain.Ledger.Chain;

namespace CareChain.Ledger.Merkle;

/// <summary>
/// Append-only RFC 9162 Merkle tree over leaf hashes that keeps the hash of every complete,
/// aligned subtree (level 0 holds the leaves, level k the roots of 2^k-leaf blocks). Any root,
/// inclusion proof or consistency proof then needs O(log n) hashes. Memory is about 64 bytes per leaf.
/// </summary>
/// <remarks>Not thread-safe: the owner (one shard grain) serializes access.</remarks>
public sealed class MerkleTree
{
    private readonly List<HashColumn> _levels = [new HashColumn()];

    /// <summary>Number of leaves.</summary>
    public long Size => _levels[0].Count;

    /// <summary>Appends a leaf hash (from <see cref="MerkleHash.Leaf(ReadOnlySpan{byte})"/>).</summary>
    public void Append(ReadOnlySpan<byte> leafHash)
    {
        if (leafHash.Length != HashChain.HashSize)
        {
            throw new ArgumentException("Leaf hash must be 32 bytes.", nameof(leafHash));
        }

        _levels[0].Append(leafHash);

        // Each odd index completes a block at the next level up.
        var index = _levels[0].Count - 1;
        Span<byte> parent = stackalloc byte[HashChain.HashSize];
        for (var level = 0; (index & 1) == 1; level++, index >>= 1)
        {
            MerkleHash.Node(_levels[level][index - 1], _levels[level][index], parent);
            if (level + 1 == _levels.Count)
            {
                _levels.Add(new HashColumn());
            }

            _levels[level + 1].Append(parent);
        }
    }

    /// <summary>Root of the whole tree.</summary>
    public byte[] Root() => RootAt(Size);

    /// <summary>Root of the tree formed by the first <paramref name="size"/> leaves.</summary>
    public byte[] RootAt(long size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, Size);
        return size == 0 ? MerkleHash.EmptyRoot : RangeHash(0, size);
    }

    /// <summary>Audit path (RFC 9162 PATH) for leaf <paramref name="leafIndex"/> in the tree of the first <paramref name="treeSize"/> leaves.</summary>
    public InclusionProof ProveInclusion(long leafIndex, long treeSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(treeSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(treeSize, Size);
        ArgumentOutOfRangeException.ThrowIfNegative(leafIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(leafIndex, treeSize);

        // Walk down from the root, collecting the sibling at each split; the path lists them leaf-first.
        var path = new List<byte[]>(MerkleMath.MaxPathLength);
        long start = 0, size = treeSize, index = leafIndex;
        while (size > 1)
        {
            var k = MerkleMath.SplitPoint(size);
            if (index < k)
            {
                path.Add(RangeHash(start + k, size - k));
                size = k;
            }
            else
            {
                path.Add(RangeHash(start, k));
                start += k;
                index -= k;
                size -= k;
            }
        }

        path.Reverse();
        return new InclusionProof(leafIndex, treeSize, path.ToArray());
    }

    /// <summary>Consistency proof (RFC 9162 PROOF) that the first <paramref name="fromSize"/> leaves are a prefix of the first <paramref name="toSize"/>.</summary>
    public ConsistencyProof ProveConsistency(long fromSize, long toSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fromSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fromSize, toSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(toSize, Size);

        var path = new List<byte[]>(MerkleMath.MaxPathLength);
        long start = 0, size = toSize, m = fromSize;
        var fromIsWholeSubtree = true;
        while (m != size)
        {
            var k = MerkleMath.SplitPoint(size);
            if (m <= k)
            {
                path.Add(RangeHash(start + k, size - k));
                size = k;
            }
            else
            {
                path.Add(RangeHash(start, k));
                start += k;
                m -= k;
                size -= k;
                fromIsWholeSubtree = false;
            }
        }

        // When the old tree is a complete left subtree the verifier already holds its root.
        if (!fromIsWholeSubtree)
        {
            path.Add(RangeHash(start, size));
        }

        path.Reverse();
        return new ConsistencyProof(fromSize, toSize, path.ToArray());
    }

    /// <summary>
    /// MTH of leaves [start, start + count), for ranges that occur in RFC 9162's recursion: start is
    /// a multiple of the smallest power of two not below count, so the range splits into stored
    /// aligned blocks, largest first.
    /// </summary>
    private byte[] RangeHash(long start, long count)
    {
        var result = new byte[HashChain.HashSize];
        var end = start + count;
        var first = true;
        for (var bits = (ulong)count; bits != 0; bits &= bits - 1)
        {
            var level = BitOperations.TrailingZeroCount(bits);
            end -= 1L << level;
            var block = _levels[level][end >> level];
            if (first)
            {
                block.CopyTo(result);
                first = false;
            }
            else
            {
                MerkleHash.Node(block, result, result);
            }
        }

        return result;
    }

    /// <summary>The leaf hash at <paramref name="leafIndex"/>, as appended.</summary>
    public byte[] LeafHash(long leafIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(leafIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(leafIndex, Size);
        return _levels[0][leafIndex].ToArray();
    }
}
