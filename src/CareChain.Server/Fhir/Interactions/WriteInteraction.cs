using System.Globalization;
using CareChain.Grains.Fhir.Resources;
using CareChain.Server.Fhir.Access;
using CareChain.Server.Fhir.Formatting;
using CareChain.Server.Fhir.Resources;
using Hl7.Fhir.Model;

namespace CareChain.Server.Fhir.Interactions;

/// <summary>
/// create, update and delete. A change is stored, then ledgered; if the ledger append fails the change
/// is taken back, so nothing reaches the store that the ledger does not hold. Rejected attempts,
/// invalid ones included, are ledgered as denials and store nothing.
/// </summary>
public sealed class WriteInteraction(
    IGrainFactory grains, ResourceLocator locator, AccessPolicy policy, AccessLedger ledger, Refusals refusals, FhirResponses responses, FhirWire wire, TimeProvider time)
{
    public async Task<IResult> CreateAsync(AccessContext context, ResourceKind kind, HttpRequest request, CancellationToken cancellationToken)
    {
        var (resource, rejected) = await ReadBodyAsync(context, FhirInteraction.Create, kind, request, cancellationToken);
        if (resource is null)
        {
            return rejected!;
        }

        // FHIR create ignores a client-chosen id; the server names the resource.
        resource.Id = FhirIds.New(time);
        return await WriteAsync(context, FhirInteraction.Create, kind, resource, WriteMode.Create, null, cancellationToken);
    }

    public async Task<IResult> UpdateAsync(AccessContext context, ResourceKind kind, string id, HttpRequest request, CancellationToken cancellationToken)
    {
        if (!FhirIds.IsValid(id))
        {
            return await refusals.InvalidAsync(context, FhirInteraction.Update, kind.TypeName, "The resource id is not a valid FHIR id.", cancellationToken);
        }

        if (!IfMatch.TryParse(request, out var ifMatch))
        {
            return await refusals.InvalidAsync(context, FhirInteraction.Update, kind.TypeName, "If-Match must name one version, e.g. W/\"3\".", cancellationToken);
        }

        var (resource, rejected) = await ReadBodyAsync(context, FhirInteraction.Update, kind, request, cancellationToken);
        if (resource is null)
        {
            return rejected!;
        }

        if (resource.Id != id)
        {
            return await RejectAsync(
                context, FhirInteraction.Update, kind, null, StatusCodes.Status400BadRequest,
                FhirOutcomes.Error(OperationOutcome.IssueType.Invalid, "The resource id must match the id in the URL.", $"{kind.TypeName}.id"), cancellationToken);
        }

        return await WriteAsync(context, FhirInteraction.Update, kind, resource, WriteMode.Update, ifMatch, cancellationToken);
    }

    public async Task<IResult> DeleteAsync(AccessContext context, ResourceKind kind, string id, HttpRequest request, CancellationToken cancellationToken)
    {
        if (!FhirIds.IsValid(id))
        {
            return await refusals.InvalidAsync(context, FhirInteraction.Delete, kind.TypeName, "The resource id is not a valid FHIR id.", cancellationToken);
        }

        if (!IfMatch.TryParse(request, out var ifMatch))
        {
            return await refusals.InvalidAsync(context, FhirInteraction.Delete, kind.TypeName, "If-Match must name one version, e.g. W/\"3\".", cancellationToken);
        }

        var reference = ReadInteraction.Reference(kind, id);
        var patientId = await locator.PatientOfAsync(kind, id, cancellationToken);
        var rules = policy.CheckRules(context, FhirInteraction.Delete, kind.TypeName, patientId);
        if (!rules.Permitted)
        {
            return await Deny(context, FhirInteraction.Delete, kind, patientId, reference, rules, cancellationToken);
        }

        if (patientId is null)
        {
            return await RejectAsync(context, FhirInteraction.Delete, kind, null, StatusCodes.Status404NotFound, FhirOutcomes.NotFound(kind.TypeName, id), cancellationToken);
        }

        if (kind == ResourceKind.Patient && await HasRecordsAsync(patientId))
        {
            return await RejectAsync(
                context, FhirInteraction.Delete, kind, patientId, StatusCodes.Status409Conflict,
                FhirOutcomes.Error(OperationOutcome.IssueType.Conflict, "The patient still has observations or consents; delete those first."), cancellationToken);
        }

        var grain = kind.Grain(grains, patientId);
        var result = await grain.DeleteAsync(kind.TypeName, id, ifMatch);
        if (result.Status != WriteStatus.Deleted)
        {
            return await RefusedAsync(context, FhirInteraction.Delete, kind, patientId, id, result, ifMatch, cancellationToken);
        }

        var receipt = await LedgerOrUndoAsync(context, FhirInteraction.Delete, kind, patientId, reference, rules, grain, result, cancellationToken);
        return FhirResponses.Outcome(StatusCodes.Status200OK, FhirOutcomes.Information($"{reference} is deleted."), [receipt]);
    }

    private async Task<IResult> WriteAsync(
        AccessContext context, FhirInteraction interaction, ResourceKind kind, Resource resource, WriteMode mode, int? ifMatch, CancellationToken cancellationToken)
    {
        var id = resource.Id ?? throw new ArgumentException("The resource has no id yet.", nameof(resource));
        var reference = ReadInteraction.Reference(kind, id);
        var patientId = kind.PatientOf(resource);
        if (patientId is null)
        {
            return await RejectAsync(
                context, interaction, kind, null, StatusCodes.Status422UnprocessableEntity,
                FhirOutcomes.Error(OperationOutcome.IssueType.Required, $"{kind.PatientElement} must reference the patient as Patient/{{id}}.", kind.PatientElement),
                cancellationToken);
        }

        var rules = policy.CheckRules(context, interaction, kind.TypeName, patientId);
        if (!rules.Permitted)
        {
            return await Deny(context, interaction, kind, patientId, reference, rules, cancellationToken);
        }

        if (kind != ResourceKind.Patient && !await locator.PatientExistsAsync(patientId))
        {
            return await RejectAsync(
                context, interaction, kind, patientId, StatusCodes.Status422UnprocessableEntity,
                FhirOutcomes.Error(OperationOutcome.IssueType.Processing, $"{kind.PatientElement} refers to a patient that does not exist.", kind.PatientElement),
                cancellationToken);
        }

        var grain = kind.Grain(grains, patientId);
        var result = await grain.WriteAsync(new ResourceWrite(kind.TypeName, id, wire.SerializeToJson(resource), mode, ifMatch));
        if (result.Resource is not { } stored)
        {
            return await RefusedAsync(context, interaction, kind, patientId, id, result, ifMatch, cancellationToken);
        }

        var receipt = await LedgerOrUndoAsync(context, interaction, kind, patientId, reference, rules, grain, result, cancellationToken);
        var version = stored.VersionId.ToString(CultureInfo.InvariantCulture);
        return result.Status == WriteStatus.Created
            ? responses.Stored(StatusCodes.Status201Created, stored, [receipt], $"{context.BaseUrl}/{reference}/_history/{version}")
            : responses.Stored(StatusCodes.Status200OK, stored, [receipt]);
    }

    private async Task<CareChain.Grains.Ledger.LedgerReceipt> LedgerOrUndoAsync(
        AccessContext context, FhirInteraction interaction, ResourceKind kind, string patientId, string reference, AccessVerdict rules,
        IResourceStoreGrain grain, WriteResult result, CancellationToken cancellationToken)
    {
        try
        {
            return await ledger.RecordAsync(
                context, new AccessRecord(interaction, AccessOutcomes.Permit, patientId, kind.TypeName, [reference], rules), CancellationToken.None);
        }
        catch
        {
            await grain.UndoAsync(kind.TypeName, result.Resource!.Id, result.Resource.VersionId);
            throw;
        }
    }

    private async Task<(Resource? Resource, IResult? Rejected)> ReadBodyAsync(
        AccessContext context, FhirInteraction interaction, ResourceKind kind, HttpRequest request, CancellationToken cancellationToken)
    {
        Resource resource;
        try
        {
            resource = await wire.ReadRequestAsync(request, cancellationToken);
        }
        catch (FhirInputException invalid)
        {
            return (null, await RejectAsync(context, interaction, kind, null, invalid.StatusCode, invalid.Outcome, cancellationToken));
        }

        if (resource.TypeName != kind.TypeName)
        {
            return (null, await RejectAsync(
                context, interaction, kind, null, StatusCodes.Status400BadRequest,
                FhirOutcomes.Error(OperationOutcome.IssueType.Invalid, $"This endpoint takes {kind.TypeName} resources, not {resource.TypeName}.", "resourceType"),
                cancellationToken));
        }

        return (resource, null);
    }

    private async Task<IResult> RefusedAsync(
        AccessContext context, FhirInteraction interaction, ResourceKind kind, string patientId, string id, WriteResult result, int? ifMatch, CancellationToken cancellationToken)
    {
        var (status, outcome) = result.Status switch
        {
            WriteStatus.NotFound => (StatusCodes.Status404NotFound, FhirOutcomes.NotFound(kind.TypeName, id)),
            WriteStatus.VersionConflict => (
                StatusCodes.Status412PreconditionFailed,
                FhirOutcomes.VersionConflict(
                    ifMatch?.ToString(CultureInfo.InvariantCulture) ?? "none",
                    result.CurrentVersion?.ToString(CultureInfo.InvariantCulture) ?? "none")),
            _ => (StatusCodes.Status409Conflict, FhirOutcomes.Error(OperationOutcome.IssueType.Conflict, $"{kind.TypeName}/{id} already exists or belongs to another patient's record.")),
        };
        return await RejectAsync(context, interaction, kind, patientId, status, outcome, cancellationToken);
    }

    private Task<IResult> RejectAsync(
        AccessContext context, FhirInteraction interaction, ResourceKind kind, string? patientId, int status, OperationOutcome outcome, CancellationToken cancellationToken) =>
        refusals.RefuseAsync(context, interaction, kind.TypeName, patientId, status, outcome, cancellationToken);

    private async Task<IResult> Deny(
        AccessContext context, FhirInteraction interaction, ResourceKind kind, string? patientId, string reference, AccessVerdict rules, CancellationToken cancellationToken)
    {
        var receipt = await ledger.RecordAsync(
            context, new AccessRecord(interaction, AccessOutcomes.Deny, patientId, kind.TypeName, [reference], rules), cancellationToken);
        return FhirResponses.Denied(rules, receipt);
    }

    private async Task<bool> HasRecordsAsync(string patientId)
    {
        foreach (var kind in new[] { ResourceKind.Observation, ResourceKind.Consent })
        {
            var everything = CareChain.Grains.Fhir.Search.SearchQuery.Parse(kind.TypeName, [], strict: false);
            if ((await kind.Grain(grains, patientId).SearchAsync(everything)).Count > 0)
            {
                return true;
            }
        }

        return false;
    }
}
