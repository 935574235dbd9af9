using System.Globalization;
using System.Security.Cryptography;
using CareChain.Ledger.Chain;
using CareChain.Ledger.Checkpoints;
using CareChain.Ledger.Entries;
using CareChain.Ledger.Merkle;
using CareChain.Ledger.Verification;

namespace CareChain.Cli.Tests.Infrastructure;

/// <summary>
/// A small but real ledger built with the Ledger library the way the server builds one: canonical
/// entry bodies, chained entry hashes, Merkle roots, and signed checkpoints chained to each other.
/// Shards grow by different amounts so no two look alike, and some entries follow the last
/// checkpoint.
/// </summary>
internal sealed class TestLedger : IDisposable
{
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly List<StoredEntry>[] _shards;
    private readonly List<SignedCheckpoint> _checkpoints = [];
    private readonly byte[][] _heads;
    private readonly MerkleFrontier[] _frontiers;
    private long _clock;

    private TestLedger(int shards)
    {
        Signer = CheckpointSigner.Generate();
        _shards = new List<StoredEntry>[shards];
        _heads = new byte[shards][];
        _frontiers = new MerkleFrontier[shards];
        for (var shard = 0; shard < shards; shard++)
        {
            _shards[shard] = [];
            _heads[shard] = HashChain.Genesis(shard);
            _frontiers[shard] = new MerkleFrontier();
        }
    }

    public CheckpointSigner Signer { get; }

    public CheckpointKey PublicKey => Signer.PublicKey;

    public IReadOnlyList<IReadOnlyList<StoredEntry>> Shards => _shards;

    public IReadOnlyList<SignedCheckpoint> Checkpoints => _checkpoints;

    public SignedCheckpoint LatestCheckpoint => _checkpoints[^1];

    public int EntryCount => _shards.Sum(shard => shard.Count);

    /// <summary>Entries appended after the last checkpoint.</summary>
    public int Uncheckpointed { get; private set; }

    /// <param name="shards">Shard count.</param>
    /// <param name="rounds">Each round appends to every shard, then signs a checkpoint.</param>
    /// <param name="perRound">Entries per shard per round; odd shards get one more.</param>
    /// <param name="trailing">Entries appended to shard 0 after the last checkpoint.</param>
    public static TestLedger Create(int shards = 4, int rounds = 3, int perRound = 4, int trailing = 2)
    {
        var ledger = new TestLedger(shards);
        for (var round = 0; round < rounds; round++)
        {
            for (var shard = 0; shard < shards; shard++)
            {
                ledger.Append(shard, perRound + (shard % 2));
            }

            ledger.SignCheckpoint();
        }

        ledger.Append(0, trailing);
        ledger.Uncheckpointed = trailing;
        return ledger;
    }

    public void Dispose() => Signer.Dispose();

    private void Append(int shard, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var sequence = _shards[shard].Count;
            var body = LedgerEntryCodec.Encode(CreateEntry(shard, sequence));
            _heads[shard] = HashChain.Next(_heads[shard], body);
            _frontiers[shard].Append(MerkleHash.Leaf(body));
            _shards[shard].Add(new StoredEntry(shard, sequence, body, _heads[shard]));
        }
    }

    private void SignCheckpoint()
    {
        var heads = new List<ShardHead>(_shards.Length);
        for (var shard = 0; shard < _shards.Length; shard++)
        {
            heads.Add(new ShardHead(shard, _frontiers[shard].Size, _frontiers[shard].Root(), (byte[])_heads[shard].Clone()));
        }

        var previous = _checkpoints.Count == 0 ? Checkpoint.GenesisPrevious : _checkpoints[^1].Hash();
        _checkpoints.Add(Signer.Sign(new Checkpoint(_checkpoints.Count, NextTime(), previous, heads)));
    }

    private LedgerEntry CreateEntry(int shard, long sequence)
    {
        var tag = string.Create(CultureInfo.InvariantCulture, $"{shard}/{sequence}");
        return new LedgerEntry(
            shard,
            sequence,
            NextTime(),
            sequence % 3 == 0 ? "consent.update" : "read",
            sequence % 5 == 0 ? "deny" : "permit",
            Pseudonym("actor:" + tag),
            Pseudonym("patient:" + shard),
            "Observation",
            [Pseudonym("resource:" + tag)],
            "TREAT",
            "Consent/c-" + shard,
            "provision-1",
            null,
            "synthetic entry " + tag);
    }

    private DateTimeOffset NextTime() => Start.AddMilliseconds(_clock++ * 250);

    private static string Pseudonym(string seed) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(seed)));
}
