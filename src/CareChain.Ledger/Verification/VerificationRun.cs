namespace CareChain.Ledger.Verification;

/// <summary>
/// Shared state of one verification across shard workers: which shard to take next, the lowest
/// shard that has failed so far (higher shards stop early, their result cannot matter), per-shard
/// results and serialized progress reports.
/// </summary>
internal sealed class VerificationRun(int shards, IProgress<VerificationProgress>? progress)
{
    private readonly ShardResult[] _results = new ShardResult[shards];
    private readonly Lock _progressGate = new();
    private int _next = -1;
    private int _lowestFailure = int.MaxValue;
    private long _entriesVerified;

    public int Shards => shards;

    /// <summary>The next shard to verify, or -1 when there is none left worth starting.</summary>
    public int TakeShard()
    {
        var shard = Interlocked.Increment(ref _next);
        return shard < shards && !IsSuperseded(shard) ? shard : -1;
    }

    /// <summary>True once a lower shard has failed: this shard's outcome can no longer be the first failure.</summary>
    public bool IsSuperseded(int shard) => Volatile.Read(ref _lowestFailure) < shard;

    public void Complete(int shard, long entries, long uncheckpointed, VerificationFailure? failure)
    {
        _results[shard] = new ShardResult(entries, uncheckpointed, failure);
        if (failure is null)
        {
            return;
        }

        var current = Volatile.Read(ref _lowestFailure);
        while (shard < current)
        {
            var seen = Interlocked.CompareExchange(ref _lowestFailure, shard, current);
            if (seen == current)
            {
                break;
            }

            current = seen;
        }
    }

    public void AddProgress(int shard, long entries)
    {
        if (progress is null)
        {
            Interlocked.Add(ref _entriesVerified, entries);
            return;
        }

        // Reports come from several workers; callers' IProgress need not be thread-safe. Counting
        // under the same lock keeps the reported totals rising, so the last report is the full count.
        lock (_progressGate)
        {
            var total = Interlocked.Add(ref _entriesVerified, entries);
            progress.Report(new VerificationProgress(shard, total));
        }
    }

    /// <summary>
    /// Sums results up to and including the first failing shard, so the counts do not depend on
    /// how far other workers happened to get.
    /// </summary>
    public (long Entries, long Uncheckpointed, VerificationFailure? Failure) Summarize()
    {
        long entries = 0, uncheckpointed = 0;
        var last = Math.Min(Volatile.Read(ref _lowestFailure), shards - 1);
        for (var shard = 0; shard <= last; shard++)
        {
            entries += _results[shard].Entries;
            uncheckpointed += _results[shard].Uncheckpointed;
        }

        return (entries, uncheckpointed, last >= 0 ? _results[last].Failure : null);
    }

    private readonly record struct ShardResult(long Entries, long Uncheckpointed, VerificationFailure? Failure);
}
