namespace CareChain.Grains.Ledger.Shards;

/// <summary>An RFC 9162 inclusion proof for one entry, with the root it proves against.</summary>
[GenerateSerializer, Immutable, Alias("carechain.ledger.inclusion-proof")]
public sealed record InclusionProofView(
    [property: Id(0)] int Shard,
    [property: Id(1)] long LeafIndex,
    [property: Id(2)] long TreeSize,
    [property: Id(3)] byte[] LeafHash,
    [property: Id(4)] byte[] Root,
    [property: Id(5)] IReadOnlyList<byte[]> Path);
