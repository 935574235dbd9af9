using BenchmarkDotNet.Attributes;
using CareChain.Ledger.Merkle;

namespace CareChain.Benchmarks.Ledger;

/// <summary>Inclusion proofs at one million leaves: generation from the in-memory tree, and verification.</summary>
[MemoryDiagnoser]
public class MerkleProofBenchmarks
{
    private const long Leaves = 1_000_000;
    private readonly MerkleTree _tree = new();
    private InclusionProof _proof = null!;
    private byte[] _leaf = [];
    private byte[] _root = [];
    private long _next;

    [GlobalSetup]
    public void Setup()
    {
        Span<byte> data = stackalloc byte[8];
        for (long i = 0; i < Leaves; i++)
        {
            BitConverter.TryWriteBytes(data, i);
            _tree.Append(MerkleHash.Leaf(data));
        }

        BitConverter.TryWriteBytes(data, 123_457L);
        _leaf = MerkleHash.Leaf(data);
        _root = _tree.Root();
        _proof = _tree.ProveInclusion(123_457, Leaves);

        // A benchmark of a proof that does not verify would measure the early exit, not the work.
        if (!_proof.Verify(_leaf, _root) || !_tree.ProveConsistency(654_321, Leaves).Verify(_tree.RootAt(654_321), _root))
        {
            throw new InvalidOperationException("The benchmark's proofs do not verify.");
        }
    }

    [Benchmark]
    public InclusionProof ProveInclusion()
    {
        // Walk the leaves so successive proofs touch different paths.
        _next = (_next + 7_919) % Leaves;
        return _tree.ProveInclusion(_next, Leaves);
    }

    [Benchmark]
    public bool VerifyInclusion() => _proof.Verify(_leaf, _root);

    [Benchmark]
    public ConsistencyProof ProveConsistency() => _tree.ProveConsistency(654_321, Leaves);
}
