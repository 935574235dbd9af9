using System.Buffers.Binary;
using System.Security.Cryptography;
using CareChain.Ledger.Merkle;

namespace CareChain.Ledger.Tests.Merkle;

[Trait("Category", "Unit")]
public sealed class MerkleTreeTests
{
    private const int MaxSize = 128;

    private static readonly List<byte[]> Data = [.. Enumerable.Range(0, MaxSize).Select(i => SHA256.HashData(BitConverter.GetBytes(i))[..(1 + (i % 32))])];

    private static readonly MerkleTree Tree = BuildTree(MaxSize);

    private readonly NaiveMerkle _naive = new(Data);

    [Fact]
    public void Empty_tree_root_is_the_hash_of_no_bytes()
    {
        var sut = new MerkleTree();

        Assert.Equal(0, sut.Size);
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Convert.ToHexStringLower(sut.Root()));
        Assert.Equal(MerkleHash.EmptyRoot, new MerkleFrontier().Root());
    }

    [Fact]
    public void Leaf_and_node_hashes_use_the_rfc_prefixes()
    {
        byte[] data = [1, 2, 3];
        var left = SHA256.HashData("l"u8);
        var right = SHA256.HashData("r"u8);

        Assert.Equal(SHA256.HashData([0x00, 1, 2, 3]), MerkleHash.Leaf(data));
        Assert.Equal(SHA256.HashData([0x01, .. left, .. right]), MerkleHash.Node(left, right));
    }

    [Fact]
    public void Root_at_every_size_equals_the_naive_mth()
    {
        for (var k = 0; k <= MaxSize; k++)
        {
            Assert.Equal(_naive.Mth(0, k), Tree.RootAt(k));
        }

        Assert.Equal(_naive.Mth(0, MaxSize), Tree.Root());
    }

    [Fact]
    public void Inclusion_proof_matches_naive_path_and_verifies_for_every_leaf_and_size()
    {
        for (var n = 1; n <= MaxSize; n++)
        {
            var root = _naive.Mth(0, n);
            for (var m = 0; m < n; m++)
            {
                var proof = Tree.ProveInclusion(m, n);

                AssertSamePath(_naive.Path(m, n), proof.Path);
                Assert.True(proof.Verify(NaiveMerkle.LeafHash(Data[m]), root), $"leaf {m} of {n}");
            }
        }
    }

    [Fact]
    public void Consistency_proof_matches_naive_subproof_and_verifies_for_every_pair_of_sizes()
    {
        for (var n = 1; n <= MaxSize; n++)
        {
            var toRoot = _naive.Mth(0, n);
            for (var m = 1; m <= n; m++)
            {
                var proof = Tree.ProveConsistency(m, n);

                AssertSamePath(_naive.Proof(m, n), proof.Path);
                Assert.True(proof.Verify(_naive.Mth(0, m), toRoot), $"{m} -> {n}");
            }
        }
    }

    [Fact]
    public void Frontier_root_equals_tree_root_at_every_size_and_survives_restore()
    {
        var frontier = new MerkleFrontier();
        Assert.Equal(Tree.RootAt(0), frontier.Root());
        for (var n = 1; n <= MaxSize; n++)
        {
            frontier.Append(NaiveMerkle.LeafHash(Data[n - 1]));

            Assert.Equal(n, frontier.Size);
            Assert.Equal(Tree.RootAt(n), frontier.Root());
            Assert.Equal(int.PopCount(n), frontier.Nodes.Count);

            var restored = MerkleFrontier.Restore(frontier.Size, frontier.Nodes);
            Assert.Equal(frontier.Root(), restored.Root());
        }
    }

    [Fact]
    public void Frontier_restore_rejects_a_node_count_that_does_not_match_the_size()
    {
        var node = new byte[32];

        Assert.Throws<ArgumentException>(() => MerkleFrontier.Restore(3, [node]));
        Assert.Throws<ArgumentException>(() => MerkleFrontier.Restore(1, [new byte[31]]));
        Assert.Throws<ArgumentOutOfRangeException>(() => MerkleFrontier.Restore(-1, []));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(-1, 5)]
    [InlineData(5, 5)]
    [InlineData(0, MaxSize + 1)]
    public void Inclusion_proof_request_outside_the_tree_is_refused(long leafIndex, long treeSize)
    {
        Assert.ThrowsAny<ArgumentException>(() => Tree.ProveInclusion(leafIndex, treeSize));
    }

    [Theory]
    [InlineData(0, 5)]
    [InlineData(6, 5)]
    [InlineData(1, MaxSize + 1)]
    public void Consistency_proof_request_outside_the_tree_is_refused(long fromSize, long toSize)
    {
        Assert.ThrowsAny<ArgumentException>(() => Tree.ProveConsistency(fromSize, toSize));
    }

    [Fact]
    public void Append_refuses_a_hash_of_the_wrong_size()
    {
        Assert.Throws<ArgumentException>(() => new MerkleTree().Append(new byte[31]));
        Assert.Throws<ArgumentException>(() => new MerkleFrontier().Append(new byte[33]));
    }

    [Fact]
    public void Million_leaf_tree_gives_small_fast_proofs_that_agree_with_the_frontier()
    {
        const int Size = 1 << 20;
        var tree = new MerkleTree();
        var frontier = new MerkleFrontier();
        var leaf = new byte[32];
        for (var i = 0; i < Size; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(leaf, i);
            tree.Append(leaf);
            frontier.Append(leaf);
        }

        var root = tree.Root();
        Assert.Equal(frontier.Root(), root);

        // Warm up, then measure allocation of one proof: a path of ~20 hashes, nothing per leaf.
        tree.ProveInclusion(12345, Size);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var proof = tree.ProveInclusion(777_777, Size - 3);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        BinaryPrimitives.WriteInt32LittleEndian(leaf, 777_777);
        Assert.True(proof.Verify(leaf, tree.RootAt(Size - 3)));
        Assert.InRange(allocated, 1, 8 * 1024);
        Assert.True(tree.ProveConsistency(1000, Size).Verify(tree.RootAt(1000), root));
    }

    /// <summary>Compares as hex text: readable on failure and far cheaper than structural equality over thousands of proofs.</summary>
    private static void AssertSamePath(IReadOnlyList<byte[]> expected, IReadOnlyList<byte[]> actual) =>
        Assert.Equal(string.Join(",", expected.Select(Convert.ToHexStringLower)), string.Join(",", actual.Select(Convert.ToHexStringLower)));

    private static MerkleTree BuildTree(int size)
    {
        var tree = new MerkleTree();
        foreach (var item in Data[..size])
        {
            tree.Append(MerkleHash.Leaf(item));
        }

        return tree;
    }
}
