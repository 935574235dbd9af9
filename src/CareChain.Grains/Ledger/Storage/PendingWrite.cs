using CareChain.Grains.Ledger.Checkpoints;
using CareChain.Ledger.Verification;

namespace CareChain.Grains.Ledger.Storage;

/// <summary>Entries (with their audit index rows) or a checkpoint waiting for the store's next transaction.</summary>
internal sealed record PendingWrite(IReadOnlyList<StoredEntry> Entries, IReadOnlyList<AuditIndexRow> Index, SignedCheckpointView? Checkpoint)
{
    public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
