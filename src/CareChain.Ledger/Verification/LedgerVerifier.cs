using CareChain.Ledger.Checkpoints;

namespace CareChain.Ledger.Verification;

/// <summary>
/// Offline verifier: given an export and (ideally) the published checkpoint key, checks that every
/// checkpoint is signed and chained and that every shard's entries reproduce the checkpointed
/// Merkle roots and chain heads. It reports the first problem (lowest shard, then lowest sequence)
/// and where it is. Bad data never throws; only cancellation does. Memory is O(log n) per shard
/// being verified plus 80 bytes per checkpointed shard size. The algorithm is described in
/// docs/ledger-format.md.
/// </summary>
public sealed class LedgerVerifier
{
    /// <summary>Progress is reported each time a shard has verified this many more entries, and when it ends.</summary>
    public const int ProgressInterval = 65_536;

    private readonly CheckpointKey? _pinnedKey;

    /// <summary>
    /// Creates a verifier. With <paramref name="pinnedKey"/> every checkpoint must be signed by it;
    /// without, the key shipped in the export is used and its id is reported for comparison with
    /// the published one.
    /// </summary>
    public LedgerVerifier(CheckpointKey? pinnedKey = null)
    {
        _pinnedKey = pinnedKey;
    }

    /// <summary>
    /// Shards verified at the same time (default: one per processor). Each reads its own
    /// <see cref="ILedgerExport.ReadShardAsync"/> stream; set 1 for exports that cannot serve
    /// several shards at once.
    /// </summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Verifies the whole export.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<VerificationReport> VerifyAsync(
        ILedgerExport export,
        IProgress<VerificationProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(export);
        var keyId = _pinnedKey?.KeyId;
        CheckpointHistory history;
        try
        {
            history = await CheckpointHistory.ReadAsync(export, _pinnedKey, id => keyId = id, cancellationToken);
        }
        catch (VerificationFailedException failed)
        {
            return new VerificationReport(false, 0, 0, null, keyId, 0, failed.Failure);
        }

        var shards = history.Latest.Shards.Count;
        var run = new VerificationRun(shards, progress);
        var workers = Math.Clamp(MaxDegreeOfParallelism, 1, shards);
        if (workers == 1)
        {
            await VerifyShardsAsync(export, history, run, cancellationToken);
        }
        else
        {
            var tasks = new Task[workers];
            for (var i = 0; i < workers; i++)
            {
                tasks[i] = Task.Run(() => VerifyShardsAsync(export, history, run, cancellationToken), cancellationToken);
            }

            await Task.WhenAll(tasks);
        }

        var (entries, uncheckpointed, failure) = run.Summarize();
        return new VerificationReport(failure is null, entries, shards, history.Latest.Number, keyId, uncheckpointed, failure);
    }

    private static async Task VerifyShardsAsync(ILedgerExport export, CheckpointHistory history, VerificationRun run, CancellationToken cancellationToken)
    {
        for (var shard = run.TakeShard(); shard >= 0; shard = run.TakeShard())
        {
            var verifier = new ShardVerifier(shard, history.Targets[shard], history.Latest.Shards[shard].Size, run);
            await verifier.VerifyAsync(export, cancellationToken);
        }
    }
}
