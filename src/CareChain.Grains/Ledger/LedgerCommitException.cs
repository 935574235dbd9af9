namespace CareChain.Grains.Ledger;

/// <summary>The batch holding this append could not be committed; nothing of it was stored.</summary>
[GenerateSerializer, Alias("carechain.ledger.commit-exception")]
public sealed class LedgerCommitException : Exception
{
    public LedgerCommitException()
    {
    }

    public LedgerCommitException(string message)
        : base(message)
    {
    }

    public LedgerCommitException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
