namespace CareChain.Grains.Fhir.Search;

/// <summary>
/// A search request the server cannot honour: a malformed value, a limit exceeded, or (under strict
/// handling) an unknown parameter or modifier. The message names the parameter and the problem but
/// never repeats the value, which may identify a patient.
/// </summary>
public sealed class FhirSearchException : Exception
{
    public FhirSearchException()
        : this(string.Empty, "The search request is invalid.")
    {
    }

    public FhirSearchException(string message)
        : this(string.Empty, message)
    {
    }

    public FhirSearchException(string message, Exception innerException)
        : base(message, innerException)
    {
        Parameter = string.Empty;
    }

    public FhirSearchException(string parameter, string message)
        : base(message)
    {
        Parameter = parameter;
    }

    /// <summary>The parameter at fault as it appeared in the request (with its modifier), or empty.</summary>
    public string Parameter { get; }
}
