using CareChain.Grains.Ledger;
using CareChain.Grains.Ledger.Checkpoints;
using CareChain.Grains.Ledger.Details;
using CareChain.Grains.Ledger.Storage;
using Microsoft.Extensions.Options;

namespace CareChain.Server.Ledger;

/// <summary>
/// Runs as the silo starts: pins the shard count in the store, indexes any entries the audit index
/// lacks, moves patients' data keys off retired details keys, and wakes the checkpoint grain so
/// its signing timer runs from the first minute, not from the first request.
/// </summary>
public sealed partial class LedgerStartupTask(
    ILedgerStore store, SealedDetailStore details, IOptions<LedgerOptions> options, IGrainFactory grains, ILogger<LedgerStartupTask> logger) : IStartupTask
{
    public async Task Execute(CancellationToken cancellationToken)
    {
        await store.EnsureShardCountAsync(options.Value.Shards, cancellationToken);

        // Databases written before the audit index existed get it filled in once.
        await store.IndexUnindexedEntriesAsync(cancellationToken);

        var rewrapped = await details.RewrapRetiredKeysAsync(cancellationToken);
        if (rewrapped > 0)
        {
            LogDataKeysRewrapped(logger, rewrapped);
        }

        await grains.GetGrain<ICheckpointGrain>(0).GetLatestAsync();
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Wrapped {Count} patient data keys again under the current details key; retired keys can be destroyed once every silo has started with it")]
    private static partial void LogDataKeysRewrapped(ILogger logger, int count);
}
