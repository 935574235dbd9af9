namespace CareChain.Grains.Ledger.Shards;

/// <summary>An append waiting for the next group commit of its shard.</summary>
internal sealed record PendingAppend(LedgerRecord Record)
{
    public TaskCompletionSource<LedgerReceipt> Completion { get; } =
        new(TaskCreationOptions.RunContinuationsAsynchronously);
}
