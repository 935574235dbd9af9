using CareChain.Ledger.Checkpoints;

namespace CareChain.Ledger.Verification;

/// <summary>
/// What an offline verifier reads: each shard's rows and the signed checkpoints. Implementations
/// may be backed by a database, an HTTP export or files; the verifier trusts none of it.
/// </summary>
public interface ILedgerExport
{
    /// <summary>
    /// The shard's rows in ascending sequence order, from sequence 0. The verifier may read several
    /// shards at once (see <see cref="LedgerVerifier.MaxDegreeOfParallelism"/>).
    /// </summary>
    IAsyncEnumerable<StoredEntry> ReadShardAsync(int shard, CancellationToken cancellationToken);

    /// <summary>Signed checkpoints in ascending number order; may be only the latest one.</summary>
    IAsyncEnumerable<SignedCheckpoint> ReadCheckpointsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The checkpoint public key shipped with the export, used only when the verifier has no pinned
    /// key (the report then names its id so it can be compared with the published one).
    /// </summary>
    ValueTask<CheckpointKey?> ReadCheckpointKeyAsync(CancellationToken cancellationToken) => ValueTask.FromResult<CheckpointKey?>(null);
}
