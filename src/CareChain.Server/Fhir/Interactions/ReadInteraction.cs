using CareChain.Grains.Fhir.Resources;
using CareChain.Server.Fhir.Access;
using CareChain.Server.Fhir.Formatting;
using CareChain.Server.Fhir.Resources;

namespace CareChain.Server.Fhir.Interactions;

/// <summary>
/// read, vread and history of one resource. The order is fixed: locate, check the rules, load, decide by
/// consent, ledger, answer; every outcome, including a denial or a miss, is in the ledger before the
/// response leaves.
/// </summary>
public sealed class ReadInteraction(
    IGrainFactory grains, ResourceLocator locator, AccessPolicy policy, AccessLedger ledger, Refusals refusals, FhirWire wire)
{
    public async Task<IResult> ReadAsync(AccessContext context, ResourceKind kind, string id, string? versionText, CancellationToken cancellationToken)
    {
        var interaction = versionText is null ? FhirInteraction.Read : FhirInteraction.VRead;
        if (!FhirIds.IsValid(id))
        {
            return await refusals.InvalidAsync(context, interaction, kind.TypeName, "The resource id is not a valid FHIR id.", cancellationToken);
        }

        int? version = null;
        if (versionText is not null && (version = FhirIds.ParseVersion(versionText)) is null)
        {
            return await MissAsync(context, interaction, kind, id, null, AccessOutcomes.NotFound, cancellationToken);
        }

        var patientId = await locator.PatientOfAsync(kind, id, cancellationToken);
        var rules = policy.CheckRules(context, interaction, kind.TypeName, patientId);
        if (!rules.Permitted)
        {
            return await DenyAsync(context, interaction, kind, patientId, [Reference(kind, id)], rules, cancellationToken);
        }

        if (patientId is null)
        {
            return await MissAsync(context, interaction, kind, id, null, AccessOutcomes.NotFound, cancellationToken);
        }

        var read = await kind.Grain(grains, patientId).ReadAsync(kind.TypeName, id, version);
        if (read.Status != ReadStatus.Found || read.Resource?.Json is null)
        {
            var outcome = read.Status == ReadStatus.Gone ? AccessOutcomes.Gone : AccessOutcomes.NotFound;
            return await MissAsync(context, interaction, kind, id, patientId, outcome, cancellationToken);
        }

        var resource = wire.ParseStoredJson(read.Resource.Json);
        var verdict = await policy.DecideAsync(context, interaction, patientId, resource);
        var receipt = await ledger.RecordAsync(
            context,
            new AccessRecord(interaction, AccessOutcomes.Of(verdict), patientId, kind.TypeName, [Reference(kind, id)], verdict),
            cancellationToken);
        return verdict.Permitted
            ? FhirResponses.Stored(StatusCodes.Status200OK, read.Resource, resource, [receipt])
            : FhirResponses.Denied(verdict, receipt);
    }

    internal static string Reference(ResourceKind kind, string id) => kind.TypeName + "/" + id;

    internal async Task<IResult> DenyAsync(
        AccessContext context, FhirInteraction interaction, ResourceKind kind, string? patientId, IReadOnlyList<string> references, AccessVerdict verdict, CancellationToken cancellationToken)
    {
        var receipt = await ledger.RecordAsync(
            context, new AccessRecord(interaction, AccessOutcomes.Deny, patientId, kind.TypeName, references, verdict), cancellationToken);
        return FhirResponses.Denied(verdict, receipt);
    }

    private async Task<IResult> MissAsync(
        AccessContext context, FhirInteraction interaction, ResourceKind kind, string id, string? patientId, string outcome, CancellationToken cancellationToken)
    {
        var receipt = await ledger.RecordAsync(
            context, new AccessRecord(interaction, outcome, patientId, kind.TypeName, [Reference(kind, id)], null), cancellationToken);
        return outcome == AccessOutcomes.Gone
            ? FhirResponses.Outcome(StatusCodes.Status410Gone, FhirOutcomes.Gone(kind.TypeName, id), [receipt])
            : FhirResponses.Outcome(StatusCodes.Status404NotFound, FhirOutcomes.NotFound(kind.TypeName, id), [receipt]);
    }
}
