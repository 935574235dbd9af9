using CareChain.Server.Fhir.Access;
using Hl7.Fhir.Model;

namespace CareChain.Server.Fhir.Interactions;

/// <summary>
/// Answers a request that is refused before it reaches any data (bad input, a malformed header, an
/// impossible search) and ledgers the attempt first: an authenticated caller's every attempt is on record.
/// </summary>
public sealed class Refusals(AccessLedger ledger)
{
    private static readonly AccessVerdict InvalidRequest = AccessVerdict.Deny("invalid request");

    public async Task<IResult> RefuseAsync(
        AccessContext context, FhirInteraction interaction, string? resourceType, string? patientId, int statusCode, OperationOutcome outcome, CancellationToken cancellationToken)
    {
        var receipt = await ledger.RecordAsync(
            context, new AccessRecord(interaction, AccessOutcomes.Deny, patientId, resourceType, [], InvalidRequest), cancellationToken);
        return FhirResponses.Outcome(statusCode, outcome, [receipt]);
    }

    /// <summary>A 400 naming the problem (and the parameter or element, when there is one).</summary>
    public Task<IResult> InvalidAsync(
        AccessContext context, FhirInteraction interaction, string? resourceType, string diagnostics, CancellationToken cancellationToken, string? expression = null) =>
        RefuseAsync(
            context, interaction, resourceType, null, StatusCodes.Status400BadRequest,
            Formatting.FhirOutcomes.Error(OperationOutcome.IssueType.Invalid, diagnostics, expression), cancellationToken);
}
