namespace CareChain.Grains.Ledger.Checkpoints;

/// <summary>A signed checkpoint as stored: canonical body, P1363 signature and the signing key.</summary>
[GenerateSerializer, Immutable, Alias("carechain.ledger.signed-checkpoint")]
public sealed record SignedCheckpointView(
    [property: Id(0)] long Number,
    [property: Id(1)] byte[] Body,
    [property: Id(2)] byte[] Signature,
    [property: Id(3)] string KeyId,
    [property: Id(4)] byte[] PublicKey);
