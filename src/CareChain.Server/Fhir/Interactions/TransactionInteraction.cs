using System.Globalization;
using CareChain.Grains.Fhir.Resources;
using CareChain.Server.Fhir.Access;
using CareChain.Server.Fhir.Formatting;
using CareChain.Server.Fhir.Resources;
using Hl7.Fhir.Model;

namespace CareChain.Server.Fhir.Interactions;

/// <summary>
/// Transaction Bundles (<c>POST /fhir</c>): all entries or none. Every entry is parsed, resolved and
/// authorized before anything is written; writes then go patient resource first, and a failure at any
/// point (a refused write, the store, the ledger) takes back every entry already applied. Other
/// requests may briefly observe a transaction in progress: grains offer no cross-grain isolation.
/// </summary>
public sealed class TransactionInteraction(
    IGrainFactory grains, ResourceLocator locator, AccessPolicy policy, AccessLedger ledger, Refusals refusals, FhirWire wire, TimeProvider time)
{
    /// <summary>Most entries one transaction may carry.</summary>
    public const int MaxEntries = 1000;

    public async Task<IResult> ProcessAsync(AccessContext context, HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        Resource body;
        try
        {
            body = await wire.ReadRequestAsync(request, cancellationToken);
        }
        catch (FhirInputException invalid)
        {
            return await RejectAsync(context, null, invalid.StatusCode, invalid.Outcome, cancellationToken);
        }

        if (body is not Bundle { Type: Bundle.BundleType.Transaction } bundle)
        {
            return await RejectAsync(
                context, null, StatusCodes.Status400BadRequest,
                FhirOutcomes.Error(OperationOutcome.IssueType.NotSupported, "POST /fhir takes a Bundle of type transaction.", "Bundle.type"), cancellationToken);
        }

        var plan = TransactionPlan.Create(bundle, MaxEntries, time);
        if (plan.Problem is { } problem)
        {
            return await RejectAsync(context, null, StatusCodes.Status400BadRequest, problem, cancellationToken);
        }

        var entries = plan.Entries;
        foreach (var entry in entries)
        {
            entry.PatientId = entry.Resource is { } resource ? entry.Kind.PatientOf(resource) : await locator.PatientOfAsync(entry.Kind, entry.Id, cancellationToken);
            if (entry.PatientId is null)
            {
                var status = entry.Resource is null ? StatusCodes.Status404NotFound : StatusCodes.Status422UnprocessableEntity;
                var outcome = entry.Resource is null
                    ? FhirOutcomes.Error(OperationOutcome.IssueType.NotFound, $"{entry.Expression}: the resource to delete does not exist.", entry.Expression)
                    : FhirOutcomes.Error(OperationOutcome.IssueType.Required, $"{entry.Expression}: {entry.Kind.PatientElement} must reference the patient as Patient/{{id}}.", entry.Expression);
                return await RejectAsync(context, null, status, outcome, cancellationToken);
            }

            var rules = policy.CheckRules(context, entry.Interaction, entry.Kind.TypeName, entry.PatientId);
            if (!rules.Permitted)
            {
                var receipt = await ledger.RecordAsync(
                    context, new AccessRecord(FhirInteraction.Transaction, AccessOutcomes.Deny, entry.PatientId, entry.Kind.TypeName, [entry.Reference], rules), cancellationToken);
                return FhirResponses.Outcome(
                    StatusCodes.Status403Forbidden, FhirOutcomes.Error(OperationOutcome.IssueType.Forbidden, $"{entry.Expression}: {FhirResponses.DenialText(rules)}", entry.Expression), [receipt]);
            }
        }

        if (await MissingPatientAsync(entries) is { } orphan)
        {
            return await RejectAsync(
                context, orphan.PatientId, StatusCodes.Status422UnprocessableEntity,
                FhirOutcomes.Error(OperationOutcome.IssueType.Processing, $"{orphan.Expression}: {orphan.Kind.PatientElement} refers to a patient that neither exists nor is created by this transaction.", orphan.Expression),
                cancellationToken);
        }

        return await ApplyAsync(context, entries, cancellationToken);
    }

    private async Task<IResult> ApplyAsync(AccessContext context, IReadOnlyList<TransactionEntry> entries, CancellationToken cancellationToken)
    {
        // Deletes first, then patients, so observations and consents always find their patient.
        var order = entries.OrderBy(entry => entry.Resource is null ? 0 : entry.Kind == ResourceKind.Patient ? 1 : 2).ThenBy(entry => entry.Index).ToList();
        var applied = new List<TransactionEntry>();
        try
        {
            foreach (var entry in order)
            {
                var grain = entry.Kind.Grain(grains, entry.PatientId!);
                entry.Result = entry.Resource is { } resource
                    ? await grain.WriteAsync(new ResourceWrite(entry.Kind.TypeName, entry.Id, wire.SerializeToJson(resource), WriteMode.Update, entry.IfMatch))
                    : await grain.DeleteAsync(entry.Kind.TypeName, entry.Id, entry.IfMatch);
                if (entry.Result.Resource is not null)
                {
                    applied.Add(entry);
                }

                if (Refusal(entry) is { } refusal)
                {
                    await UndoAsync(applied);
                    return await RejectAsync(context, entry.PatientId, refusal.Status, refusal.Outcome, cancellationToken);
                }
            }

            var records = entries.GroupBy(entry => entry.PatientId!).Select(patient => new AccessRecord(
                FhirInteraction.Transaction,
                AccessOutcomes.Permit,
                patient.Key,
                patient.Select(entry => entry.Kind.TypeName).Distinct().Count() == 1 ? patient.First().Kind.TypeName : nameof(Bundle),
                [.. patient.Select(entry => entry.Reference)],
                AccessVerdict.Permit("transaction")));
            var receipts = await System.Threading.Tasks.Task.WhenAll(records.Select(record => ledger.RecordAsync(context, record, CancellationToken.None)));
            return FhirResponses.Resource(StatusCodes.Status200OK, Response(context, entries), receipts);
        }
        catch
        {
            await UndoAsync(applied);
            throw;
        }
    }

    private async System.Threading.Tasks.Task UndoAsync(List<TransactionEntry> applied)
    {
        for (var i = applied.Count - 1; i >= 0; i--)
        {
            var entry = applied[i];
            var stored = entry.Result!.Resource!;
            await entry.Kind.Grain(grains, entry.PatientId!).UndoAsync(entry.Kind.TypeName, stored.Id, stored.VersionId);
        }

        applied.Clear();
    }

    private static (int Status, OperationOutcome Outcome)? Refusal(TransactionEntry entry) => entry.Result!.Status switch
    {
        WriteStatus.Created or WriteStatus.Updated or WriteStatus.Deleted => null,
        WriteStatus.VersionConflict => (StatusCodes.Status412PreconditionFailed, FhirOutcomes.Error(
            OperationOutcome.IssueType.Conflict, $"{entry.Expression}: If-Match does not name the current version of {entry.Reference}.", entry.Expression)),
        WriteStatus.NotFound => (StatusCodes.Status404NotFound, FhirOutcomes.Error(
            OperationOutcome.IssueType.NotFound, $"{entry.Expression}: {entry.Reference} does not exist.", entry.Expression)),
        _ => (StatusCodes.Status409Conflict, FhirOutcomes.Error(
            OperationOutcome.IssueType.Conflict, $"{entry.Expression}: {entry.Reference} belongs to another patient's record.", entry.Expression)),
    };

    private async Task<TransactionEntry?> MissingPatientAsync(IReadOnlyList<TransactionEntry> entries)
    {
        var created = entries.Where(entry => entry.Kind == ResourceKind.Patient && entry.Resource is not null).Select(entry => entry.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var entry in entries.Where(entry => entry.Kind != ResourceKind.Patient && entry.Resource is not null))
        {
            if (!created.Contains(entry.PatientId!)
                && !await locator.PatientExistsAsync(entry.PatientId!))
            {
                return entry;
            }
        }

        return null;
    }

    private static Bundle Response(AccessContext context, IReadOnlyList<TransactionEntry> entries)
    {
        var bundle = new Bundle { Type = Bundle.BundleType.TransactionResponse };
        foreach (var entry in entries)
        {
            var result = entry.Result!;
            var stored = result.Resource;
            var version = stored?.VersionId.ToString(CultureInfo.InvariantCulture);
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                Response = new Bundle.ResponseComponent
                {
                    Status = result.Status switch
                    {
                        WriteStatus.Created => "201 Created",
                        WriteStatus.Updated => "200 OK",
                        _ => "204 No Content",
                    },
                    Location = stored is { IsDeleted: false } ? $"{context.BaseUrl}/{entry.Reference}/_history/{version}" : null,
                    Etag = version is null ? null : $"W/\"{version}\"",
                    LastModified = stored?.LastUpdated,
                },
            });
        }

        return bundle;
    }

    private Task<IResult> RejectAsync(AccessContext context, string? patientId, int status, OperationOutcome outcome, CancellationToken cancellationToken) =>
        refusals.RefuseAsync(context, FhirInteraction.Transaction, nameof(Bundle), patientId, status, outcome, cancellationToken);
}
