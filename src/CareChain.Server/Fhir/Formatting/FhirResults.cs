using Hl7.Fhir.Model;

namespace CareChain.Server.Fhir.Formatting;

/// <summary>Shorthands for the FHIR endpoints' results.</summary>
public static class FhirResults
{
    public static FhirResourceResult Resource(
        int statusCode,
        Resource resource,
        string? version = null,
        DateTimeOffset? lastModified = null,
        string? location = null,
        IReadOnlyDictionary<string, string>? headers = null) =>
        new(statusCode, resource) { ETag = version, LastModified = lastModified, Location = location, Headers = headers };

    /// <summary>200 with the resource.</summary>
    public static FhirResourceResult Resource(Resource resource) => new(StatusCodes.Status200OK, resource);

    public static FhirResourceResult Outcome(int statusCode, OperationOutcome outcome, IReadOnlyDictionary<string, string>? headers = null) =>
        new(statusCode, outcome) { Headers = headers };

    /// <summary>The status and OperationOutcome of a refused request.</summary>
    public static FhirResourceResult Outcome(FhirInputException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return Outcome(exception.StatusCode, exception.Outcome);
    }
}
