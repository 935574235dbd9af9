namespace CareChain.Server.Fhir.Formatting;

/// <summary>FHIR wire log events: status codes, issue counts, exception types and correlation ids, never contents.</summary>
internal static partial class FhirWireLog
{
    [LoggerMessage(2101, LogLevel.Information, "FHIR request refused with {StatusCode}: {IssueCount} issue(s)")]
    public static partial void RequestRefused(this ILogger logger, int statusCode, int issueCount);

    [LoggerMessage(2102, LogLevel.Error, "FHIR request failed with an unexpected {ExceptionType} at {Site}; correlation id {CorrelationId}")]
    public static partial void RequestFailed(this ILogger logger, string exceptionType, string site, string correlationId);
}
