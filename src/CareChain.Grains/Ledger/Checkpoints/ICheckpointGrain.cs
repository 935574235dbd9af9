namespace CareChain.Grains.Ledger.Checkpoints;

/// <summary>
/// The single signer of checkpoints over every shard head (key 0). Signs on a timer and on demand;
/// checkpoints are chained, so each one commits to all before it.
/// </summary>
[Alias("carechain.ledger.checkpoint")]
public interface ICheckpointGrain : IGrainWithIntegerKey
{
    /// <summary>Signs a checkpoint over the current shard heads, or returns the latest if nothing changed.</summary>
    [Alias("checkpoint")]
    Task<SignedCheckpointView> CheckpointAsync();

    [Alias("latest")]
    Task<SignedCheckpointView?> GetLatestAsync();
}
