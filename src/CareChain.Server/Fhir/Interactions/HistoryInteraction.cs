using System.Globalization;
using CareChain.Grains.Fhir.Resources;
using CareChain.Server.Fhir.Access;
using CareChain.Server.Fhir.Formatting;
using CareChain.Server.Fhir.Resources;
using Hl7.Fhir.Model;

namespace CareChain.Server.Fhir.Interactions;

/// <summary>
/// The history of one resource as a history Bundle, newest first. A practitioner sees only the versions
/// the patient's consents permit; deletions appear as entries without a resource.
/// </summary>
public sealed class HistoryInteraction(
    IGrainFactory grains, ResourceLocator locator, AccessPolicy policy, AccessLedger ledger, ReadInteraction reads, Refusals refusals, FhirWire wire)
{
    public async Task<IResult> HistoryAsync(AccessContext context, ResourceKind kind, string id, CancellationToken cancellationToken)
    {
        if (!FhirIds.IsValid(id))
        {
            return await refusals.InvalidAsync(context, FhirInteraction.History, kind.TypeName, "The resource id is not a valid FHIR id.", cancellationToken);
        }

        var reference = ReadInteraction.Reference(kind, id);
        var patientId = await locator.PatientOfAsync(kind, id, cancellationToken);
        var rules = policy.CheckRules(context, FhirInteraction.History, kind.TypeName, patientId);
        if (!rules.Permitted)
        {
            return await reads.DenyAsync(context, FhirInteraction.History, kind, patientId, [reference], rules, cancellationToken);
        }

        var versions = patientId is null ? [] : await kind.Grain(grains, patientId).HistoryAsync(kind.TypeName, id);
        if (versions.Count == 0)
        {
            var missed = await ledger.RecordAsync(
                context, new AccessRecord(FhirInteraction.History, AccessOutcomes.NotFound, patientId, kind.TypeName, [reference], null), cancellationToken);
            return FhirResponses.Outcome(StatusCodes.Status404NotFound, FhirOutcomes.NotFound(kind.TypeName, id), [missed]);
        }

        var judged = await JudgeAsync(context, rules, patientId!, versions);
        var shown = judged.Where(pair => pair.Verdict.Permitted).ToList();
        var verdict = shown.Count > 0 ? shown[0].Verdict : judged[0].Verdict;
        var receipt = await ledger.RecordAsync(
            context,
            new AccessRecord(FhirInteraction.History, shown.Count > 0 ? AccessOutcomes.Permit : AccessOutcomes.Deny, patientId, kind.TypeName, [reference], verdict),
            cancellationToken);
        if (shown.Count == 0)
        {
            return FhirResponses.Denied(verdict, receipt);
        }

        var bundle = new Bundle { Type = Bundle.BundleType.History, Total = shown.Count, Timestamp = versions[0].LastUpdated };
        bundle.Link.Add(new Bundle.LinkComponent { Relation = "self", Url = $"{context.BaseUrl}/{reference}/_history" });
        foreach (var (version, _) in shown)
        {
            bundle.Entry.Add(Entry(context, version));
        }

        return FhirResponses.Resource(StatusCodes.Status200OK, bundle, [receipt]);
    }

    /// <summary>The verdict on each version; never empty, since the first version is never a deletion.</summary>
    private async Task<IReadOnlyList<(StoredResource Version, AccessVerdict Verdict)>> JudgeAsync(
        AccessContext context, AccessVerdict rules, string patientId, IReadOnlyList<StoredResource> versions)
    {
        if (!AccessPolicy.NeedsConsent(context, rules))
        {
            return [.. versions.Select(version => (version, rules))];
        }

        // Deletions disclose nothing but the fact; each stored version is judged on its own content.
        var contents = versions.Where(version => !version.IsDeleted).ToList();
        var verdicts = await policy.DecideEachAsync(context, patientId, [.. contents.Select(version => wire.ParseStoredJson(version.Json!))]);
        return [.. contents.Zip(verdicts)];
    }

    private Bundle.EntryComponent Entry(AccessContext context, StoredResource version)
    {
        var versionId = version.VersionId.ToString(CultureInfo.InvariantCulture);
        var entry = new Bundle.EntryComponent
        {
            FullUrl = $"{context.BaseUrl}/{version.Reference}",
            Request = new Bundle.RequestComponent
            {
                Method = version.IsDeleted ? Bundle.HTTPVerb.DELETE : versionId == "1" ? Bundle.HTTPVerb.POST : Bundle.HTTPVerb.PUT,
                Url = version.IsDeleted || versionId != "1" ? version.Reference : version.ResourceType,
            },
            Response = new Bundle.ResponseComponent
            {
                Status = version.IsDeleted ? "204" : versionId == "1" ? "201" : "200",
                Etag = $"W/\"{versionId}\"",
                LastModified = version.LastUpdated,
            },
        };
        if (version.Json is not null)
        {
            entry.Resource = wire.ParseStoredJson(version.Json);
        }

        return entry;
    }
}
