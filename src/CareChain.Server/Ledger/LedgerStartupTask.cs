using CareChain.Grains.Ledger;
using CareChain.Grains.Ledger.Checkpoints;
using CareChain.Grains.Ledger.Storage;
using Microsoft.Extensions.Options;

namespace CareChain.Server.Ledger;

/// <summary>
/// Runs as the silo starts: pins the shard count in the store, indexes any entries the audit index
/// lacks, and wakes the checkpoint grain so
/// its signing timer runs from the first minute, not from the first request.
/// </summary>
public sealed class LedgerStartupTask(ILedgerStore store, IOptions<LedgerOptions> options, IGrainFactory grains) : IStartupTask
{
    public async Task Execute(CancellationToken cancellationToken)
    {
        await store.EnsureShardCountAsync(options.Value.Shards, cancellationToken);

        // Databases written before the audit index existed get it filled in once.
        await store.IndexUnindexedEntriesAsync(cancellationToken);
        await grains.GetGrain<ICheckpointGrain>(0).GetLatestAsync();
    }
}
