namespace CareChain.Grains.Ledger;

/// <summary>Ledger settings, bound from the <c>Ledger</c> configuration section.</summary>
public sealed class LedgerOptions
{
    public const string SectionName = "Ledger";

    /// <summary>Number of shards. Fixed for a ledger's lifetime: the store refuses a different value later.</summary>
    public int Shards { get; set; } = 16;

    /// <summary>How often the checkpoint grain signs a checkpoint when shards have grown.</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Most entries one shard puts in one commit; the rest wait for the next.</summary>
    public int MaxBatchSize { get; set; } = 4096;

    /// <summary>Most entries one database transaction carries across all shards.</summary>
    public int MaxTransactionSize { get; set; } = 16384;
}
