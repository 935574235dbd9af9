namespace CareChain.Grains.Ledger;

/// <summary>Ledger timestamps: UTC at whole milliseconds, the precision the canonical encoding carries.</summary>
internal static class LedgerTime
{
    public static DateTimeOffset Now(TimeProvider time)
    {
        var ticks = time.GetUtcNow().UtcTicks;
        return new DateTimeOffset(ticks - (ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
    }
}
