using System.Security.Cryptography;
using CareChain.Ledger.Chain;
using CareChain.Ledger.Checkpoints;
using CareChain.Ledger.Entries;
using CareChain.Ledger.Merkle;
using CareChain.Ledger.Verification;

namespace CareChain.Benchmarks.Ledger;

/// <summary>
/// Builds a realistic ledger in memory: entries shaped like FHIR reads (pseudonyms, one resource
/// hash, purpose, consent), chained per shard, with one signed checkpoint over all of them.
/// </summary>
internal static class SyntheticLedger
{
    public static InMemoryLedgerExport Build(int shards, long entries, CheckpointSigner signer)
    {
        var rows = new List<StoredEntry>[shards];
        var trees = new MerkleFrontier[shards];
        var heads = new byte[shards][];
        for (var shard = 0; shard < shards; shard++)
        {
            rows[shard] = [];
            trees[shard] = new MerkleFrontier();
            heads[shard] = HashChain.Genesis(shard);
        }

        var start = new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);
        for (long i = 0; i < entries; i++)
        {
            var shard = (int)(i % shards);
            var body = LedgerEntryCodec.Encode(Entry(shard, rows[shard].Count, start.AddMilliseconds(i), i));
            heads[shard] = HashChain.Next(heads[shard], body);
            trees[shard].Append(MerkleHash.Leaf(body));
            rows[shard].Add(new StoredEntry(shard, rows[shard].Count, body, heads[shard]));
        }

        var checkpoint = new Checkpoint(
            0,
            start.AddDays(1),
            Checkpoint.GenesisPrevious,
            Enumerable.Range(0, shards).Select(s => new ShardHead(s, trees[s].Size, trees[s].Root(), heads[s])).ToList());
        var byShard = Enumerable.Range(0, shards).ToDictionary(s => s, s => (IReadOnlyList<StoredEntry>)rows[s]);
        return new InMemoryLedgerExport(byShard, [signer.Sign(checkpoint)]);
    }

    public static LedgerEntry Entry(int shard, long sequence, DateTimeOffset time, long salt) => new(
        shard,
        sequence,
        time,
        "read",
        "permit",
        Hex(salt, 1),
        Hex(salt, 2),
        "Observation",
        [Hex(salt, 3)],
        "TREAT",
        "Consent/" + (salt % 977).ToString(System.Globalization.CultureInfo.InvariantCulture),
        "provision-1",
        null,
        null);

    private static string Hex(long salt, byte kind)
    {
        Span<byte> input = stackalloc byte[9];
        BitConverter.TryWriteBytes(input, salt);
        input[8] = kind;
        return Convert.ToHexStringLower(SHA256.HashData(input));
    }
}
