using System.Numerics;
using CareChain.Ledger.Chain;

namespace CareChain.Ledger.Merkle;

/// <summary>
/// The compact range of a Merkle tree: only the roots of its maximal complete subtrees (one per set
/// bit of the size, largest first), which is all that is needed to keep appending and to compute
/// the root. O(log n) memory, so a verifier can stream any number of leaves.
/// </summary>
/// <remarks>Not thread-safe.</remarks>
public sealed class MerkleFrontier
{
    private const int MaxNodes = 63;

    private readonly byte[] _nodes = new byte[MaxNodes * HashChain.HashSize];
    private int _count;

    /// <summary>Number of leaves appended.</summary>
    public long Size { get; private set; }

    /// <summary>Roots of the complete subtrees, left (largest) to right; copies.</summary>
    public IReadOnlyList<byte[]> Nodes
    {
        get
        {
            var nodes = new byte[_count][];
            for (var i = 0; i < _count; i++)
            {
                nodes[i] = Node(i).ToArray();
            }

            return nodes;
        }
    }

    /// <summary>Rebuilds a frontier saved from <see cref="Size"/> and <see cref="Nodes"/>.</summary>
    /// <exception cref="ArgumentException">The node count does not match the size, or a node is not 32 bytes.</exception>
    public static MerkleFrontier Restore(long size, IReadOnlyList<byte[]> nodes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        ArgumentNullException.ThrowIfNull(nodes);
        if (nodes.Count != BitOperations.PopCount((ulong)size))
        {
            throw new ArgumentException("A frontier has one node per set bit of its size.", nameof(nodes));
        }

        var frontier = new MerkleFrontier { Size = size };
        foreach (var node in nodes)
        {
            if (node is null || node.Length != HashChain.HashSize)
            {
                throw new ArgumentException("Frontier nodes must be 32 bytes.", nameof(nodes));
            }

            node.CopyTo(frontier._nodes, frontier._count++ * HashChain.HashSize);
        }

        return frontier;
    }

    /// <summary>Appends a leaf hash, merging equal-sized subtrees as a binary counter carries.</summary>
    public void Append(ReadOnlySpan<byte> leafHash)
    {
        if (leafHash.Length != HashChain.HashSize)
        {
            throw new ArgumentException("Leaf hash must be 32 bytes.", nameof(leafHash));
        }

        if (Size == long.MaxValue)
        {
            throw new InvalidOperationException("Frontier is full.");
        }

        leafHash.CopyTo(Slot(_count++));
        for (var carries = BitOperations.TrailingZeroCount(Size + 1); carries > 0; carries--)
        {
            MerkleHash.Node(Node(_count - 2), Node(_count - 1), Slot(_count - 2));
            _count--;
        }

        Size++;
    }

    /// <summary>Root of the tree (RFC 9162 MTH); the empty-tree root when nothing was appended.</summary>
    public byte[] Root()
    {
        var root = new byte[HashChain.HashSize];
        Root(root);
        return root;
    }

    /// <summary>Allocation-free form of <see cref="Root()"/>.</summary>
    public void Root(Span<byte> destination)
    {
        if (destination.Length < HashChain.HashSize)
        {
            throw new ArgumentException("Destination must hold 32 bytes.", nameof(destination));
        }

        if (_count == 0)
        {
            MerkleHash.EmptyRootSpan.CopyTo(destination);
            return;
        }

        Node(_count - 1).CopyTo(destination);
        for (var i = _count - 2; i >= 0; i--)
        {
            MerkleHash.Node(Node(i), destination[..HashChain.HashSize], destination);
        }
    }

    private ReadOnlySpan<byte> Node(int index) => _nodes.AsSpan(index * HashChain.HashSize, HashChain.HashSize);

    private Span<byte> Slot(int index) => _nodes.AsSpan(index * HashChain.HashSize, HashChain.HashSize);
}
