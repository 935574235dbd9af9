namespace CareChain.Ledger.Verification;

/// <summary>Outcome of <see cref="LedgerVerifier.VerifyAsync"/>.</summary>
/// <param name="IsIntact">True when every check passed.</param>
/// <param name="Entries">Entries verified (all of them when intact; those before the failure otherwise).</param>
/// <param name="Shards">Shard count, from the latest checkpoint (0 when there is none).</param>
/// <param name="CheckpointNumber">Number of the latest checkpoint.</param>
/// <param name="KeyId">Id of the key every checkpoint was verified with.</param>
/// <param name="UncheckpointedEntries">Entries beyond the latest checkpoint: chain-checked, not yet signed over.</param>
/// <param name="Failure">The first problem found, when not intact.</param>
public sealed record VerificationReport(
    bool IsIntact,
    long Entries,
    int Shards,
    long? CheckpointNumber,
    string? KeyId,
    long UncheckpointedEntries,
    VerificationFailure? Failure);
