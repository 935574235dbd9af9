namespace CareChain.Grains.Ledger.Shards;

/// <summary>A shard's committed head: size, Merkle root and the hash of its last entry.</summary>
[GenerateSerializer, Immutable, Alias("carechain.ledger.shard-head")]
public sealed record ShardHeadView(
    [property: Id(0)] int Shard,
    [property: Id(1)] long Size,
    [property: Id(2)] byte[] Root,
    [property: Id(3)] byte[] Head);
