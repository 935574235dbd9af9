using System.Text;
using CareChain.Ledger.Chain;
using CareChain.Ledger.Checkpoints;
using CareChain.Ledger.Merkle;
using CareChain.Ledger.Tests.Support;

namespace CareChain.Ledger.Tests.Checkpoints;

[Trait("Category", "Unit")]
public sealed class CheckpointCodecTests
{
    private static readonly byte[] Root = MerkleHash.Leaf("root"u8);
    private static readonly byte[] Head = MerkleHash.Leaf("head"u8);

    [Fact]
    public void Checkpoint_encodes_to_sorted_compact_json_with_lowercase_hex()
    {
        var checkpoint = new Checkpoint(0, SampleEntries.Epoch, Checkpoint.GenesisPrevious, [Empty(0), new ShardHead(1, 7, Root, Head)]);

        var json = Encoding.UTF8.GetString(CheckpointCodec.Encode(checkpoint));

        Assert.Equal(
            "{\"number\":0,\"previous\":\"" + new string('0', 64) + "\",\"shards\":["
            + "{\"head\":\"" + Hex(HashChain.Genesis(0)) + "\",\"root\":\"" + Hex(MerkleHash.EmptyRoot) + "\",\"shard\":0,\"size\":0},"
            + "{\"head\":\"" + Hex(Head) + "\",\"root\":\"" + Hex(Root) + "\",\"shard\":1,\"size\":7}],"
            + "\"time\":\"2025-03-01T08:30:00.000Z\",\"v\":1}",
            json);
    }

    [Fact]
    public void Checkpoint_round_trips_with_content_equality()
    {
        var checkpoint = new Checkpoint(5, SampleEntries.Epoch, Head, [Empty(0), new ShardHead(1, 7, Root, Head)]);

        var decoded = CheckpointCodec.Decode(CheckpointCodec.Encode(checkpoint));

        Assert.Equal(checkpoint, decoded);
        Assert.Equal(checkpoint.GetHashCode(), decoded.GetHashCode());
    }

    public static TheoryData<string, Checkpoint> InvalidCheckpoints => new()
    {
        { "no shards", new Checkpoint(0, SampleEntries.Epoch, Checkpoint.GenesisPrevious, []) },
        { "shards out of order", new Checkpoint(0, SampleEntries.Epoch, Checkpoint.GenesisPrevious, [new ShardHead(1, 7, Root, Head), Empty(0)]) },
        { "gap in shards", new Checkpoint(0, SampleEntries.Epoch, Checkpoint.GenesisPrevious, [Empty(0), Empty(2)]) },
        { "number 0 with a previous hash", new Checkpoint(0, SampleEntries.Epoch, Head, [Empty(0)]) },
        { "later number with zero previous", new Checkpoint(3, SampleEntries.Epoch, Checkpoint.GenesisPrevious, [Empty(0)]) },
        { "short previous", new Checkpoint(3, SampleEntries.Epoch, new byte[31], [Empty(0)]) },
        { "empty shard with a root", new Checkpoint(0, SampleEntries.Epoch, Checkpoint.GenesisPrevious, [new ShardHead(0, 0, Root, HashChain.Genesis(0))]) },
        { "empty shard with another shard's genesis", new Checkpoint(0, SampleEntries.Epoch, Checkpoint.GenesisPrevious, [new ShardHead(0, 0, MerkleHash.EmptyRoot, HashChain.Genesis(1))]) },
        { "negative size", new Checkpoint(0, SampleEntries.Epoch, Checkpoint.GenesisPrevious, [new ShardHead(0, -1, Root, Head)]) },
        { "sub-millisecond time", new Checkpoint(0, SampleEntries.Epoch.AddTicks(5), Checkpoint.GenesisPrevious, [Empty(0)]) },
    };

    [Theory]
    [MemberData(nameof(InvalidCheckpoints))]
    public void Encode_refuses_an_invalid_checkpoint(string problem, Checkpoint checkpoint)
    {
        var error = Assert.Throws<ArgumentException>(() => CheckpointCodec.Encode(checkpoint));

        Assert.Contains("Invalid checkpoint", error.Message, StringComparison.Ordinal);
        Assert.NotNull(problem);
    }

    [Theory]
    [InlineData("whitespace", "{\"number\":1, \"previous\":\"P\",\"shards\":[S],\"time\":\"2025-03-01T08:30:00.000Z\",\"v\":1}")]
    [InlineData("members out of order", "{\"previous\":\"P\",\"number\":1,\"shards\":[S],\"time\":\"2025-03-01T08:30:00.000Z\",\"v\":1}")]
    [InlineData("duplicate member", "{\"number\":1,\"number\":1,\"previous\":\"P\",\"shards\":[S],\"time\":\"2025-03-01T08:30:00.000Z\",\"v\":1}")]
    [InlineData("unknown member", "{\"extra\":0,\"number\":1,\"previous\":\"P\",\"shards\":[S],\"time\":\"2025-03-01T08:30:00.000Z\",\"v\":1}")]
    [InlineData("unknown shard member", "{\"number\":1,\"previous\":\"P\",\"shards\":[{\"extra\":1}],\"time\":\"2025-03-01T08:30:00.000Z\",\"v\":1}")]
    [InlineData("uppercase hex", "{\"number\":1,\"previous\":\"PU\",\"shards\":[S],\"time\":\"2025-03-01T08:30:00.000Z\",\"v\":1}")]
    [InlineData("number as string", "{\"number\":\"1\",\"previous\":\"P\",\"shards\":[S],\"time\":\"2025-03-01T08:30:00.000Z\",\"v\":1}")]
    [InlineData("shards as object", "{\"number\":1,\"previous\":\"P\",\"shards\":{},\"time\":\"2025-03-01T08:30:00.000Z\",\"v\":1}")]
    [InlineData("missing shards", "{\"number\":1,\"previous\":\"P\",\"time\":\"2025-03-01T08:30:00.000Z\",\"v\":1}")]
    [InlineData("version 2", "{\"number\":1,\"previous\":\"P\",\"shards\":[S],\"time\":\"2025-03-01T08:30:00.000Z\",\"v\":2}")]
    [InlineData("number with exponent", "{\"number\":1e0,\"previous\":\"P\",\"shards\":[S],\"time\":\"2025-03-01T08:30:00.000Z\",\"v\":1}")]
    [InlineData("not json", "checkpoint")]
    [InlineData("empty", "")]
    public void Decode_refuses_bytes_that_are_not_exactly_a_canonical_checkpoint(string problem, string template)
    {
        var json = template
            .Replace("PU", Hex(Head).ToUpperInvariant(), StringComparison.Ordinal)
            .Replace("\"P\"", "\"" + Hex(Head) + "\"", StringComparison.Ordinal)
            .Replace("S", "{\"head\":\"" + Hex(Head) + "\",\"root\":\"" + Hex(Root) + "\",\"shard\":0,\"size\":3}", StringComparison.Ordinal);

        var error = Assert.Throws<LedgerFormatException>(() => CheckpointCodec.Decode(Encoding.UTF8.GetBytes(json)));

        Assert.False(string.IsNullOrEmpty(error.Message), problem);
    }

    [Fact]
    public void Decode_refuses_oversized_input_and_too_many_shards()
    {
        Assert.Throws<LedgerFormatException>(() => CheckpointCodec.Decode(new byte[LedgerLimits.MaxCheckpointBytes + 1]));
        var shards = Enumerable.Range(0, LedgerLimits.MaxShards + 1).Select(Empty).ToArray();
        Assert.Throws<ArgumentException>(() => CheckpointCodec.Encode(new Checkpoint(0, SampleEntries.Epoch, Checkpoint.GenesisPrevious, shards)));
    }

    private static ShardHead Empty(int shard) => new(shard, 0, MerkleHash.EmptyRoot, HashChain.Genesis(shard));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
