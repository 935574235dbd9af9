using CareChain.Grains.Ledger;

namespace CareChain.Grains.Tests.Ledger;

public sealed class LedgerReceiptTests
{
    [Fact]
    public void Receipt_renders_as_shard_slash_sequence_for_the_ledger_entry_header()
    {
        var receipt = new LedgerReceipt(3, 1_234_567, new byte[32]);

        Assert.Equal("3/1234567", receipt.ToString());
    }
}
