namespace CareChain.Grains.Ledger;

/// <summary>
/// A shard's stored rows do not form a valid chain. The shard refuses appends rather than extend
/// a chain it cannot vouch for; an operator must investigate with <c>carechain ledger verify</c>.
/// </summary>
[GenerateSerializer, Alias("carechain.ledger.integrity-exception")]
public sealed class LedgerIntegrityException : Exception
{
    public LedgerIntegrityException()
    {
    }

    public LedgerIntegrityException(string message)
        : base(message)
    {
    }

    public LedgerIntegrityException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
