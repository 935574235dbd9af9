using System.Security.Cryptography;
using CareChain.Ledger.Merkle;

namespace CareChain.Ledger.Tests.Merkle;

[Trait("Category", "Unit")]
public sealed class ProofTamperingTests
{
    private const int Size = 37;

    private static readonly byte[][] Leaves = [.. Enumerable.Range(0, Size).Select(i => MerkleHash.Leaf(BitConverter.GetBytes(i)))];

    private static readonly MerkleTree Tree = Build();

    public static TheoryData<string> InclusionTampers => ["flip bit", "wrong index", "wrong size", "truncated", "extended", "short hash", "null element", "index beyond size", "negative index", "huge size"];

    public static TheoryData<string> ConsistencyTampers => ["flip bit", "wrong from", "wrong to", "truncated", "extended", "swapped roots", "from zero", "from above to", "empty path"];

    [Theory]
    [MemberData(nameof(InclusionTampers))]
    public void Tampered_inclusion_proof_fails_to_verify_for_every_leaf(string tamper)
    {
        for (var size = 2; size <= Size; size++)
        {
            var root = Tree.RootAt(size);
            for (var index = 0; index < size; index++)
            {
                var proof = Tamper(Tree.ProveInclusion(index, size), tamper);

                // A proof is checked against the root signed for the size it claims; a root is only
                // meaningful together with its size.
                Assert.False(proof.Verify(Leaves[index], RootFor(proof.TreeSize, root)), $"{tamper}: leaf {index} of {size}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(ConsistencyTampers))]
    public void Tampered_consistency_proof_fails_to_verify_for_every_pair(string tamper)
    {
        for (var to = 2; to <= Size; to++)
        {
            for (var from = 1; from < to; from++)
            {
                var proof = Tamper(Tree.ProveConsistency(from, to), tamper);
                var (fromRoot, toRoot) = tamper == "swapped roots"
                    ? (Tree.RootAt(to), Tree.RootAt(from))
                    : (RootFor(proof.FromSize, Tree.RootAt(from)), RootFor(proof.ToSize, Tree.RootAt(to)));

                Assert.False(proof.Verify(fromRoot, toRoot), $"{tamper}: {from} -> {to}");
            }
        }
    }

    [Fact]
    public void Consistency_between_equal_sizes_needs_an_empty_path_and_equal_roots()
    {
        var root = Tree.RootAt(9);

        Assert.True(Tree.ProveConsistency(9, 9).Verify(root, root));
        Assert.False(new ConsistencyProof(9, 9, [root]).Verify(root, root));
        Assert.False(new ConsistencyProof(9, 9, []).Verify(root, Tree.RootAt(10)));
    }

    [Fact]
    public void Verify_rejects_roots_and_leaves_of_the_wrong_size_without_throwing()
    {
        var inclusion = Tree.ProveInclusion(3, 10);
        var consistency = Tree.ProveConsistency(3, 10);

        Assert.False(inclusion.Verify(Leaves[3].AsSpan(1), Tree.RootAt(10)));
        Assert.False(inclusion.Verify(Leaves[3], Tree.RootAt(10).AsSpan(0, 31)));
        Assert.False(consistency.Verify([], Tree.RootAt(10)));
        Assert.False(new InclusionProof(0, 1, null!).Verify(Leaves[0], Leaves[0]));
        Assert.False(new ConsistencyProof(1, 2, [.. Enumerable.Repeat(new byte[32], 65)]).Verify(Leaves[0], Leaves[1]));
    }

    [Fact]
    public void Single_leaf_tree_proof_is_empty_and_the_root_is_the_leaf()
    {
        var proof = Tree.ProveInclusion(0, 1);

        Assert.Empty(proof.Path);
        Assert.True(proof.Verify(Leaves[0], Leaves[0]));
    }

    [Fact]
    public void Proofs_compare_by_content()
    {
        Assert.Equal(Tree.ProveInclusion(4, 20), Tree.ProveInclusion(4, 20));
        Assert.Equal(Tree.ProveInclusion(4, 20).GetHashCode(), Tree.ProveInclusion(4, 20).GetHashCode());
        Assert.NotEqual(Tree.ProveInclusion(4, 20), Tree.ProveInclusion(5, 20));
        Assert.Equal(Tree.ProveConsistency(4, 20), Tree.ProveConsistency(4, 20));
    }

    private static byte[] RootFor(long size, byte[] fallback) => size is >= 1 and <= Size ? Tree.RootAt(size) : fallback;

    private static InclusionProof Tamper(InclusionProof proof, string tamper) => tamper switch
    {
        "flip bit" => proof with { Path = FlipFirstBit(proof.Path) },
        "wrong index" => proof with { LeafIndex = (proof.LeafIndex + 1) % proof.TreeSize },
        "wrong size" => proof with { TreeSize = proof.TreeSize == Size ? proof.TreeSize - 1 : proof.TreeSize + 1 },
        "truncated" => proof with { Path = proof.Path.Count > 0 ? [.. proof.Path.Take(proof.Path.Count - 1)] : [new byte[32]] },
        "extended" => proof with { Path = [.. proof.Path, SHA256.HashData("extra"u8)] },
        "short hash" => proof with { Path = proof.Path.Count > 0 ? [proof.Path[0][..31], .. proof.Path.Skip(1)] : [new byte[31]] },
        "null element" => proof with { Path = [null!, .. proof.Path] },
        "index beyond size" => proof with { LeafIndex = proof.TreeSize },
        "negative index" => proof with { LeafIndex = -1 },
        "huge size" => proof with { TreeSize = long.MaxValue },
        _ => throw new ArgumentOutOfRangeException(nameof(tamper)),
    };

    private static ConsistencyProof Tamper(ConsistencyProof proof, string tamper) => tamper switch
    {
        "flip bit" => proof with { Path = FlipFirstBit(proof.Path) },
        "wrong from" => proof with { FromSize = proof.FromSize + 1 == proof.ToSize ? proof.FromSize - 1 : proof.FromSize + 1 },
        "wrong to" => proof with { ToSize = proof.ToSize == Size ? proof.ToSize - 1 : proof.ToSize + 1 },
        "truncated" => proof with { Path = [.. proof.Path.Take(proof.Path.Count - 1)] },
        "extended" => proof with { Path = [.. proof.Path, SHA256.HashData("extra"u8)] },
        "swapped roots" => proof,
        "from zero" => proof with { FromSize = 0 },
        "from above to" => proof with { FromSize = proof.ToSize + 1 },
        "empty path" => proof with { Path = [] },
        _ => throw new ArgumentOutOfRangeException(nameof(tamper)),
    };

    private static byte[][] FlipFirstBit(IReadOnlyList<byte[]> path)
    {
        var copy = path.Select(p => (byte[])p.Clone()).ToArray();
        if (copy.Length > 0)
        {
            copy[0][0] ^= 1;
        }
        else
        {
            copy = [new byte[32]];
        }

        return copy;
    }

    private static MerkleTree Build()
    {
        var tree = new MerkleTree();
        foreach (var leaf in Leaves)
        {
            tree.Append(leaf);
        }

        return tree;
    }
}
