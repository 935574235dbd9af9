namespace CareChain.Ledger.Verification;

/// <summary>Reported while verifying: the shard in progress and the entries verified so far across all shards.</summary>
public readonly record struct VerificationProgress(int Shard, long EntriesVerified);
