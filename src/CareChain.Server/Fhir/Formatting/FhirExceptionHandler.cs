using System.Diagnostics;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Diagnostics;

namespace CareChain.Server.Fhir.Formatting;

/// <summary>
/// Answers failed requests under <c>/fhir</c> with an OperationOutcome: a <see cref="FhirInputException"/> with its
/// own status and issues, anything else with a generic 500 and a correlation id. Exception messages may quote
/// patient data, so they reach neither the client nor the log. Other paths are left to the next handler.
/// </summary>
public sealed class FhirExceptionHandler(ILogger<FhirExceptionHandler> logger) : IExceptionHandler
{
    public static readonly PathString FhirBase = "/fhir";

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentNullException.ThrowIfNull(exception);
        if (!httpContext.Request.Path.StartsWithSegments(FhirBase) || httpContext.Response.HasStarted)
        {
            return false;
        }

        FhirResourceResult result;
        if (exception is FhirInputException refused)
        {
            logger.RequestRefused(refused.StatusCode, refused.Outcome.Issue.Count);
            result = FhirResults.Outcome(refused);
        }
        else
        {
            var correlationId = Activity.Current?.TraceId.ToString() ?? httpContext.TraceIdentifier;
            logger.RequestFailed(exception.GetType().FullName ?? exception.GetType().Name, Site(exception), correlationId);
            result = FhirResults.Outcome(
                StatusCodes.Status500InternalServerError,
                FhirOutcomes.Error(OperationOutcome.IssueType.Exception, $"The server could not complete the request. Correlation id: {correlationId}."));
        }

        await result.ExecuteAsync(httpContext);
        return true;
    }

    // Where it failed, for the operator: a method name, which carries no data.
    private static string Site(Exception exception) =>
        exception.TargetSite is { } method ? $"{method.DeclaringType?.FullName}.{method.Name}" : "an unknown site";
}
