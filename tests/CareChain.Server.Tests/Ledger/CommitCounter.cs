using System.Diagnostics.Metrics;
using CareChain.Grains.Ledger;

namespace CareChain.Server.Tests.Ledger;

/// <summary>
/// Listens to one host's ledger batch-size histogram: one measurement per committed transaction. Meters are
/// process-wide, so the listener keeps only instruments whose meter the host's own factory created; other hosts
/// running in parallel tests publish under the same names.
/// </summary>
internal sealed class CommitCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _transactions;
    private long _entries;

    public CommitCounter(IMeterFactory hostMeters)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, hostMeters)
                && instrument.Meter.Name == LedgerMetrics.MeterName
                && instrument.Name == "carechain.ledger.commit.batch_size")
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
