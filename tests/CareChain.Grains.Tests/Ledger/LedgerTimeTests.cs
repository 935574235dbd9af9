using CareChain.Grains.Ledger;
using Microsoft.Extensions.Time.Testing;

namespace CareChain.Grains.Tests.Ledger;

public sealed class LedgerTimeTests
{
    [Fact]
    public void Ledger_time_is_utc_truncated_to_whole_milliseconds()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 10, 15, 30, 123, TimeSpan.FromHours(2)).AddTicks(9_999));

        var now = LedgerTime.Now(clock);

        Assert.Equal(TimeSpan.Zero, now.Offset);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 8, 15, 30, 123, TimeSpan.Zero), now);
    }
}
