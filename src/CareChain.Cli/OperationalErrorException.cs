namespace CareChain.Cli;

/// <summary>
/// A problem that stops a command but says nothing about the ledger's integrity: an unreachable
/// server, an unreadable file, a response that is not what the protocol promises. The message is
/// shown to the user as one line, so it names the problem and what was being done.
/// </summary>
public sealed class OperationalErrorException : Exception
{
    public OperationalErrorException()
    {
    }

    public OperationalErrorException(string message)
        : base(message)
    {
    }

    public OperationalErrorException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
