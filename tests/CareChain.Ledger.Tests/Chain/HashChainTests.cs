using System.Security.Cryptography;
using System.Text;
using CareChain.Ledger.Chain;

namespace CareChain.Ledger.Tests.Chain;

[Trait("Category", "Unit")]
public sealed class HashChainTests
{
    [Fact]
    public void Genesis_is_the_tagged_hash_of_the_big_endian_shard_number()
    {
        byte[] expected = SHA256.HashData([.. Encoding.ASCII.GetBytes("carechain.ledger.genesis.v1"), 0x00, 0x00, 0x00, 0x01, 0x02]);

        Assert.Equal(expected, HashChain.Genesis(258));
    }

    [Fact]
    public void Every_shard_starts_from_a_different_genesis()
    {
        var genesis = Enumerable.Range(0, 64).Select(s => Convert.ToHexStringLower(HashChain.Genesis(s))).ToHashSet();

        Assert.Equal(64, genesis.Count);
    }

    [Fact]
    public void Next_hashes_the_tag_the_previous_hash_and_the_entry_bytes()
    {
        var previous = HashChain.Genesis(0);
        var entry = "{\"v\":1}"u8.ToArray();
        byte[] expected = SHA256.HashData([.. Encoding.ASCII.GetBytes("carechain.ledger.entry.v1"), 0x00, .. previous, .. entry]);

        Assert.Equal(expected, HashChain.Next(previous, entry));
    }

    [Fact]
    public void Span_overload_matches_and_may_write_over_the_previous_hash()
    {
        var head = HashChain.Genesis(3);
        var entry = new byte[5000];
        var expected = HashChain.Next(head, entry);

        HashChain.Next(head, entry, head);

        Assert.Equal(expected, head);
    }

    [Fact]
    public void Next_refuses_a_previous_hash_or_destination_of_the_wrong_size()
    {
        Assert.Throws<ArgumentException>(() => HashChain.Next(new byte[31], []));
        Assert.Throws<ArgumentException>(() => HashChain.Next(new byte[32], [], new byte[31]));
        Assert.Throws<ArgumentOutOfRangeException>(() => HashChain.Genesis(-1));
    }

    [Fact]
    public void Changing_any_earlier_entry_changes_every_later_hash()
    {
        var entries = Enumerable.Range(0, 10).Select(i => Encoding.UTF8.GetBytes($"entry {i}")).ToArray();
        var original = Chain(entries);
        entries[2][0] ^= 1;

        var tampered = Chain(entries);

        Assert.Equal(original[..2], tampered[..2]);
        for (var i = 2; i < entries.Length; i++)
        {
            Assert.NotEqual(original[i], tampered[i]);
        }
    }

    private static byte[][] Chain(byte[][] entries)
    {
        var head = HashChain.Genesis(0);
        return [.. entries.Select(e => head = HashChain.Next(head, e))];
    }
}
