using System.Diagnostics.Metrics;

namespace CareChain.Grains.Ledger;

/// <summary>The ledger's own meters: appends, group-commit batch sizes and commit latency.</summary>
public sealed class LedgerMetrics
{
    public const string MeterName = "CareChain.Ledger";

    private readonly Counter<long> _appends;
    private readonly Histogram<int> _batchSize;
    private readonly Histogram<double> _commitDuration;
    private readonly Counter<long> _commitFailures;
    private readonly Counter<long> _checkpoints;

    public LedgerMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _appends = meter.CreateCounter<long>("carechain.ledger.appends", "{entry}", "Ledger entries committed.");
        _batchSize = meter.CreateHistogram<int>("carechain.ledger.commit.batch_size", "{entry}", "Entries per group-commit transaction.");
        _commitDuration = meter.CreateHistogram<double>("carechain.ledger.commit.duration", "ms", "Time to commit one group-commit transaction.");
        _commitFailures = meter.CreateCounter<long>("carechain.ledger.commit.failures", "{transaction}", "Group-commit transactions that failed.");
        _checkpoints = meter.CreateCounter<long>("carechain.ledger.checkpoints", "{checkpoint}", "Checkpoints signed.");
    }

    public void Committed(int entries, TimeSpan duration)
    {
        _appends.Add(entries);
        _batchSize.Record(entries);
        _commitDuration.Record(duration.TotalMilliseconds);
    }

    public void CommitFailed() => _commitFailures.Add(1);

    public void CheckpointSigned() => _checkpoints.Add(1);
}
