namespace CareChain.Ledger;

/// <summary>
/// Thrown when bytes that claim to be ledger data (an entry, a checkpoint, canonical JSON, a key)
/// are malformed or not in canonical form. The message names the problem but never echoes the
/// offending value, so it is safe to log.
/// </summary>
public sealed class LedgerFormatException : Exception
{
    public LedgerFormatException()
    {
    }

    public LedgerFormatException(string message)
        : base(message)
    {
    }

    public LedgerFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
