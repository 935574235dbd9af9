using System.Security.Cryptography;
using CareChain.Ledger.Chain;
using CareChain.Ledger.Internal;

namespace CareChain.Ledger.Merkle;

/// <summary>
/// RFC 9162 section 2.1 hashing with SHA-256: leaves and interior nodes get different one-byte
/// prefixes so a leaf can never be passed off as a node. A ledger leaf's data is the entry's
/// canonical bytes.
/// </summary>
public static class MerkleHash
{
    private static readonly byte[] EmptyTreeRoot = SHA256.HashData(ReadOnlySpan<byte>.Empty);

    /// <summary>Root of the empty tree: SHA-256 of no bytes. Returns a fresh copy.</summary>
    public static byte[] EmptyRoot => (byte[])EmptyTreeRoot.Clone();

    internal static ReadOnlySpan<byte> EmptyRootSpan => EmptyTreeRoot;

    /// <summary><c>SHA-256(0x00 || leafData)</c>.</summary>
    public static byte[] Leaf(ReadOnlySpan<byte> leafData)
    {
        var hash = new byte[HashChain.HashSize];
        Leaf(leafData, hash);
        return hash;
    }

    /// <summary>Allocation-free form of <see cref="Leaf(ReadOnlySpan{byte})"/>.</summary>
    public static void Leaf(ReadOnlySpan<byte> leafData, Span<byte> destination)
    {
        if (destination.Length < HashChain.HashSize)
        {
            throw new ArgumentException("Destination must hold 32 bytes.", nameof(destination));
        }

        DomainHash.Hash([0x00], leafData, default, destination);
    }

    /// <summary><c>SHA-256(0x01 || left || right)</c>.</summary>
    public static byte[] Node(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        var hash = new byte[HashChain.HashSize];
        Node(left, right, hash);
        return hash;
    }

    /// <summary>Allocation-free form of <see cref="Node(ReadOnlySpan{byte}, ReadOnlySpan{byte})"/>.</summary>
    public static void Node(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> destination)
    {
        if (left.Length != HashChain.HashSize || right.Length != HashChain.HashSize)
        {
            throw new ArgumentException("Child hashes must be 32 bytes.");
        }

        if (destination.Length < HashChain.HashSize)
        {
            throw new ArgumentException("Destination must hold 32 bytes.", nameof(destination));
        }

        // Copied first so that destination may alias left or right.
        Span<byte> input = stackalloc byte[1 + (2 * HashChain.HashSize)];
        input[0] = 0x01;
        left.CopyTo(input[1..]);
        right.CopyTo(input[(1 + HashChain.HashSize)..]);
        DomainHash.Hash(input, default, default, destination);
    }
}
