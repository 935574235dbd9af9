namespace CareChain.Grains.Ledger;

/// <summary>
/// Ledger timestamps: UTC at whole milliseconds, the precision the canonical encoding carries. FHIR
/// <c>meta.lastUpdated</c> and audit cut-offs use it too, so times compare exactly with ledger entries.
/// </summary>
public static class LedgerTime
{
    public static DateTimeOffset Now(TimeProvider time)
    {
        var ticks = time.GetUtcNow().UtcTicks;
        return new DateTimeOffset(ticks - (ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
    }
}
