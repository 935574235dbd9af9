namespace CareChain.Grains.Ledger.Shards;

/// <summary>An RFC 9162 consistency proof between two sizes of one shard's tree.</summary>
[GenerateSerializer, Immutable, Alias("carechain.ledger.consistency-proof")]
public sealed record ConsistencyProofView(
    [property: Id(0)] int Shard,
    [property: Id(1)] long FromSize,
    [property: Id(2)] long ToSize,
    [property: Id(3)] byte[] FromRoot,
    [property: Id(4)] byte[] ToRoot,
    [property: Id(5)] IReadOnlyList<byte[]> Path);
