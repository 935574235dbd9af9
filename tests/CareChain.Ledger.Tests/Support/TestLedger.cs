using CareChain.Ledger.Chain;
using CareChain.Ledger.Checkpoints;
using CareChain.Ledger.Entries;
using CareChain.Ledger.Merkle;
using CareChain.Ledger.Verification;

namespace CareChain.Ledger.Tests.Support;

/// <summary>
/// Builds a ledger the way the shard grains and the checkpoint grain do (encode, chain, Merkle
/// tree, signed and chained checkpoints) and hands out mutable copies of its rows and checkpoints
/// so each test can tamper with one thing.
/// </summary>
internal sealed class TestLedger : IDisposable
{
    private readonly List<byte[]>[] _heads;
    private readonly MerkleTree[] _trees;

    private TestLedger(int[] sizes)
    {
        Rows = new List<StoredEntry>[sizes.Length];
        _heads = new List<byte[]>[sizes.Length];
        _trees = new MerkleTree[sizes.Length];
        for (var shard = 0; shard < sizes.Length; shard++)
        {
            Rows[shard] = [];
            _heads[shard] = [HashChain.Genesis(shard)];
            _trees[shard] = new MerkleTree();
            for (var sequence = 0; sequence < sizes[shard]; sequence++)
            {
                var body = LedgerEntryCodec.Encode(SampleEntries.Create(shard, sequence));
                var hash = HashChain.Next(_heads[shard][^1], body);
                _heads[shard].Add(hash);
                _trees[shard].Append(MerkleHash.Leaf(body));
                Rows[shard].Add(new StoredEntry(shard, sequence, body, hash));
            }
        }
    }

    public CheckpointSigner Signer { get; } = CheckpointSigner.Generate();

    public List<StoredEntry>[] Rows { get; }

    public List<SignedCheckpoint> Checkpoints { get; } = [];

    public int Shards => Rows.Length;

    /// <summary>
    /// The standard fixture: four shards (one empty), three checkpoints, one of which leaves a shard
    /// unchanged, and eleven entries written after the last checkpoint.
    /// </summary>
    public static TestLedger Standard()
    {
        var ledger = new TestLedger([40, 25, 0, 33]);
        ledger.AddCheckpoint([10, 5, 0, 8]);
        ledger.AddCheckpoint([20, 5, 0, 16]);
        ledger.AddCheckpoint([35, 22, 0, 30]);
        return ledger;
    }

    public static TestLedger Create(int[] sizes) => new(sizes);

    public Checkpoint CheckpointAt(long[] sizes, long number, byte[] previous) => new(
        number,
        SampleEntries.Epoch.AddMinutes(number),
        previous,
        [.. sizes.Select((size, shard) => new ShardHead(shard, size, _trees[shard].RootAt(size), _heads[shard][(int)size]))]);

    public SignedCheckpoint AddCheckpoint(long[] sizes)
    {
        var previous = Checkpoints.Count == 0 ? Checkpoint.GenesisPrevious : Checkpoints[^1].Hash();
        var signed = Signer.Sign(CheckpointAt(sizes, Checkpoints.Count, previous));
        Checkpoints.Add(signed);
        return signed;
    }

    public InMemoryLedgerExport Export(bool includeKey = false) => new(
        Enumerable.Range(0, Shards).ToDictionary(s => s, s => (IReadOnlyList<StoredEntry>)[.. Rows[s]]),
        [.. Checkpoints],
        includeKey ? Signer.PublicKey : null);

    /// <summary>Re-encodes an entry in place and recomputes every stored hash after it, as a forger with database access would.</summary>
    public void RewriteWithConsistentHashes(int shard, int sequence, Func<LedgerEntry, LedgerEntry> change)
    {
        var rows = Rows[shard];
        rows[sequence] = rows[sequence] with { Body = LedgerEntryCodec.Encode(change(LedgerEntryCodec.Decode(rows[sequence].Body))) };
        var head = sequence == 0 ? HashChain.Genesis(shard) : rows[sequence - 1].EntryHash!;
        for (var i = sequence; i < rows.Count; i++)
        {
            head = HashChain.Next(head, rows[i].Body);
            rows[i] = rows[i] with { EntryHash = head };
        }
    }

    public void Dispose() => Signer.Dispose();
}
