namespace CareChain.Server.Fhir.Formatting;

/// <summary>The two FHIR wire formats the server reads and writes.</summary>
public enum FhirFormat
{
    Json,
    Xml,
}
