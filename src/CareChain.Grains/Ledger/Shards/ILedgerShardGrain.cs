namespace CareChain.Grains.Ledger.Shards;

/// <summary>
/// One shard of the ledger, keyed by shard number. The only writer of its rows: appends are
/// batched (group commit) and a caller's append completes only after its batch is committed.
/// </summary>
[Alias("carechain.ledger.shard")]
public interface ILedgerShardGrain : IGrainWithIntegerKey
{
    [Alias("append")]
    Task<LedgerReceipt> AppendAsync(LedgerRecord record);

    [Alias("head")]
    Task<ShardHeadView> GetHeadAsync();

    [Alias("prove-inclusion")]
    Task<InclusionProofView> ProveInclusionAsync(long sequence, long treeSize);

    [Alias("prove-consistency")]
    Task<ConsistencyProofView> ProveConsistencyAsync(long fromSize, long toSize);
}
