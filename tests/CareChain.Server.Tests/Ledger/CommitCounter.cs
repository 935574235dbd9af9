using System.Diagnostics.Metrics;
using CareChain.Grains.Ledger;

namespace CareChain.Server.Tests.Ledger;

/// <summary>Listens to the ledger's batch-size histogram: one measurement per committed transaction.</summary>
internal sealed class CommitCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _transactions;
    private long _entries;

    public CommitCounter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == LedgerMetrics.MeterName && instrument.Name == "carechain.ledger.commit.batch_size")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<int>((_, value, _, _) =>
        {
            Interlocked.Increment(ref _transactions);
            Interlocked.Add(ref _entries, value);
        });
        _listener.Start();
    }

    public long Transactions => Interlocked.Read(ref _transactions);

    public long Entries => Interlocked.Read(ref _entries);

    public void Dispose() => _listener.Dispose();
}
