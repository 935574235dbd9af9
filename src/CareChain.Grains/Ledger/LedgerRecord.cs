namespace CareChain.Grains.Ledger;

/// <summary>
/// What a feature asks the ledger to record. The shard grain adds shard, sequence and time.
/// Actor and patient must already be pseudonyms: raw identifiers never reach the ledger.
/// </summary>
[GenerateSerializer, Immutable, Alias("carechain.ledger.record")]
public sealed record LedgerRecord(
    [property: Id(0)] string Action,
    [property: Id(1)] string Outcome,
    [property: Id(2)] string? Actor,
    [property: Id(3)] string? Patient,
    [property: Id(4)] string? ResourceType,
    [property: Id(5)] IReadOnlyList<string> Resources,
    [property: Id(6)] string? Purpose,
    [property: Id(7)] string? Consent,
    [property: Id(8)] string? Provision,
    [property: Id(9)] string? Model,
    [property: Id(10)] string? Details);
