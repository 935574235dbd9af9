namespace CareChain.Grains.Ledger;

/// <summary>Where a committed entry lives: its shard, sequence and entry hash.</summary>
[GenerateSerializer, Immutable, Alias("carechain.ledger.receipt")]
public sealed record LedgerReceipt(
    [property: Id(0)] int Shard,
    [property: Id(1)] long Sequence,
    [property: Id(2)] byte[] EntryHash)
{
    /// <summary>The <c>{shard}/{seq}</c> form used in the <c>X-Ledger-Entry</c> header.</summary>
    public override string ToString() => FormattableString.Invariant($"{Shard}/{Sequence}");
}
