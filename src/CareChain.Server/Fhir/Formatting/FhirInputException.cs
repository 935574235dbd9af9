using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;

namespace CareChain.Server.Fhir.Formatting;

/// <summary>
/// A FHIR request the server refuses: the status code to answer and the OperationOutcome listing every problem.
/// The message is a summary (status and issue codes) safe to log; the details are only in <see cref="Outcome"/>.
/// </summary>
public sealed class FhirInputException : Exception
{
    public FhirInputException(int statusCode, OperationOutcome outcome)
        : base(Summarize(statusCode, outcome))
    {
        StatusCode = statusCode;
        Outcome = outcome;
    }

    public FhirInputException()
        : this(StatusCodes.Status400BadRequest, FhirOutcomes.Error(OperationOutcome.IssueType.Invalid, "The request is invalid."))
    {
    }

    public FhirInputException(string message)
        : this(message, null)
    {
    }

    public FhirInputException(string message, Exception? innerException)
        : base(message, innerException)
    {
        StatusCode = StatusCodes.Status400BadRequest;
        Outcome = FhirOutcomes.Error(OperationOutcome.IssueType.Invalid, message);
    }

    public int StatusCode { get; }

    public OperationOutcome Outcome { get; }

    private static string Summarize(int statusCode, OperationOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var codes = outcome.Issue.Select(i => i.Code?.GetLiteral() ?? "unknown").Distinct();
        return $"The FHIR request was refused with {statusCode}: {outcome.Issue.Count} issue(s) ({string.Join(", ", codes)}).";
    }
}
