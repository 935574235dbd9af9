namespace CareChain.Crypto.Serialization;

/// <summary>
/// Serialized bytes that are not a valid object of the requested kind for the receiver's parameters: truncated,
/// oversized, corrupt, of another kind or version, for other parameters, or holding values outside their range.
/// The message names the object and what is wrong with it. Loading throws nothing else for malformed input.
/// </summary>
public sealed class CkksFormatException : Exception
{
    public CkksFormatException()
        : base("The serialized CKKS object is malformed.")
    {
    }

    public CkksFormatException(string message)
        : base(message)
    {
    }

    public CkksFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
