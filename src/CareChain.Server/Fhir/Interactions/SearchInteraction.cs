using CareChain.Grains.Fhir.Index;
using CareChain.Grains.Fhir.Resources;
using CareChain.Grains.Fhir.Search;
using CareChain.Server.Auth;
using CareChain.Server.Fhir.Access;
using CareChain.Server.Fhir.Formatting;
using CareChain.Server.Fhir.Resources;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using Microsoft.Extensions.Primitives;

namespace CareChain.Server.Fhir.Interactions;

/// <summary>
/// Type-level search. The index names candidate patients; each candidate's grain matches in memory;
/// a practitioner then sees only what each patient's consents permit. The ledger gets one entry per
/// patient whose data was returned (listing exactly the resources returned) and one per patient whose
/// matching data was withheld, so every patient sees every search that touched them.
/// </summary>
public sealed class SearchInteraction(IGrainFactory grains, IFhirIndex index, AccessPolicy policy, AccessLedger ledger, Refusals refusals, FhirWire wire)
{
    /// <summary>Most patients one search visits; beyond it the caller must narrow the search.</summary>
    public const int MaxPatients = 1000;

    public async Task<IResult> SearchAsync(AccessContext context, ResourceKind kind, IEnumerable<KeyValuePair<string, StringValues>> parameters, bool strict, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(kind);
        SearchQuery query;
        try
        {
            query = SearchQuery.Parse(kind.TypeName, Flatten(parameters), strict);
        }
        catch (FhirSearchException error)
        {
            return await refusals.InvalidAsync(context, FhirInteraction.Search, kind.TypeName, error.Message, cancellationToken, error.Parameter);
        }

        // A patient's search is confined to their own compartment whatever they ask for.
        var pinned = context.Caller.Kind == CallerKind.Patient ? query.PatientId ?? context.Caller.Id : query.PatientId;
        var rules = policy.CheckRules(context, FhirInteraction.Search, kind.TypeName, pinned);
        if (!rules.Permitted)
        {
            var denied = await ledger.RecordAsync(
                context, new AccessRecord(FhirInteraction.Search, AccessOutcomes.Deny, pinned, kind.TypeName, [], rules), cancellationToken);
            return FhirResponses.Denied(rules, denied);
        }

        var patients = pinned is not null ? [pinned] : await index.FindPatientsAsync(query, MaxPatients + 1, cancellationToken);
        if (patients.Count > MaxPatients)
        {
            return await refusals.RefuseAsync(
                context,
                FhirInteraction.Search,
                kind.TypeName,
                null,
                StatusCodes.Status400BadRequest,
                FhirOutcomes.Error(OperationOutcome.IssueType.TooCostly, $"The search matches more than {MaxPatients} patients; add criteria such as patient, code or date."),
                cancellationToken);
        }

        var found = await Task.WhenAll(patients.Select(patientId => MatchAsync(context, kind, patientId, query, rules)));
        return await AnswerAsync(context, kind, query, found, cancellationToken);
    }

    private async Task<PatientMatches> MatchAsync(AccessContext context, ResourceKind kind, string patientId, SearchQuery query, AccessVerdict rules)
    {
        IReadOnlyList<Match> matches = [.. (await kind.Grain(grains, patientId).SearchAsync(query)).Select(stored => new Match(stored, wire))];
        if (!AccessPolicy.NeedsConsent(context, rules) || matches.Count == 0)
        {
            return new PatientMatches(patientId, matches, [], rules);
        }

        var verdicts = await policy.DecideEachAsync(context, patientId, [.. matches.Select(match => match.Resource)]);
        var permitted = matches.Zip(verdicts).Where(pair => pair.Second.Permitted).ToList();
        var withheld = matches.Zip(verdicts).Where(pair => !pair.Second.Permitted).ToList();
        var decided = permitted.Count > 0 ? permitted[0].Second : withheld[0].Second;
        return new PatientMatches(patientId, [.. permitted.Select(pair => pair.First)], [.. withheld.Select(pair => pair.First)], decided, withheld.Count > 0 ? withheld[0].Second : null);
    }

    private async Task<IResult> AnswerAsync(AccessContext context, ResourceKind kind, SearchQuery query, PatientMatches[] found, CancellationToken cancellationToken)
    {
        var all = Ordered(query, found.SelectMany(patient => patient.Shown.Select(match => (patient.PatientId, Match: match))));
        var page = all.Skip(query.Offset).Take(query.Count).ToList();

        var records = new List<AccessRecord>();
        foreach (var patient in found)
        {
            var returned = page.Where(match => match.PatientId == patient.PatientId).Select(match => match.Match.Stored.Reference).ToList();
            if (returned.Count > 0)
            {
                records.Add(new AccessRecord(FhirInteraction.Search, AccessOutcomes.Permit, patient.PatientId, kind.TypeName, returned, patient.Verdict));
            }

            if (patient.Withheld.Count > 0)
            {
                records.Add(new AccessRecord(
                    FhirInteraction.Search, AccessOutcomes.Deny, patient.PatientId, kind.TypeName, [.. patient.Withheld.Select(match => match.Stored.Reference)], patient.Denial));
            }
        }

        if (records.Count == 0)
        {
            // Nothing matched: the search itself is still an access attempt worth recording.
            records.Add(new AccessRecord(FhirInteraction.Search, AccessOutcomes.Permit, found.Length == 1 ? found[0].PatientId : null, kind.TypeName, [], null));
        }

        // Different patients' entries go to different shards, which commit in parallel.
        var receipts = await Task.WhenAll(records.Select(record => ledger.RecordAsync(context, record, cancellationToken)));

        return FhirResponses.Resource(StatusCodes.Status200OK, Bundle(context, kind, query, all.Count, page.Select(match => match.Match)), receipts);
    }

    private static List<(string PatientId, Match Match)> Ordered(SearchQuery query, IEnumerable<(string PatientId, Match Match)> matches)
    {
        if (query.Sort.Count == 0)
        {
            return [.. matches.OrderByDescending(match => match.Match.Stored.LastUpdated).ThenBy(match => match.Match.Stored.Id, StringComparer.Ordinal)];
        }

        // Sort values come from the parsed resource, read by the same definitions the matcher uses.
        var keyed = matches.Select(match => (Match: match, Values: SearchOrder.ValuesOf(query, match.Match.Resource))).ToList();
        keyed.Sort((x, y) => SearchOrder.Compare(query, x.Values, y.Values));
        return [.. keyed.Select(item => item.Match)];
    }

    private static Bundle Bundle(AccessContext context, ResourceKind kind, SearchQuery query, int total, IEnumerable<Match> page)
    {
        var bundle = new Bundle { Type = Hl7.Fhir.Model.Bundle.BundleType.Searchset, Total = total };
        var link = $"{context.BaseUrl}/{kind.TypeName}?";
        bundle.Link.Add(new Bundle.LinkComponent { Relation = "self", Url = link + query.ToQueryString() });
        bundle.Link.Add(new Bundle.LinkComponent { Relation = "first", Url = link + query.WithOffset(0).ToQueryString() });
        if (query.Offset > 0)
        {
            bundle.Link.Add(new Bundle.LinkComponent { Relation = "previous", Url = link + query.WithOffset(Math.Max(0, query.Offset - query.Count)).ToQueryString() });
        }

        if (query.Offset + query.Count < total)
        {
            bundle.Link.Add(new Bundle.LinkComponent { Relation = "next", Url = link + query.WithOffset(query.Offset + query.Count).ToQueryString() });
        }

        foreach (var match in page)
        {
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = $"{context.BaseUrl}/{match.Stored.Reference}",
                Resource = match.Resource,
                Search = new Bundle.SearchComponent { Mode = Hl7.Fhir.Model.Bundle.SearchEntryMode.Match },
            });
        }

        return bundle;
    }

    private static IEnumerable<KeyValuePair<string, string>> Flatten(IEnumerable<KeyValuePair<string, StringValues>> parameters) =>
        parameters.SelectMany(parameter => parameter.Value.Select(value => new KeyValuePair<string, string>(parameter.Key, value ?? string.Empty)));

    private sealed record PatientMatches(
        string PatientId, IReadOnlyList<Match> Shown, IReadOnlyList<Match> Withheld, AccessVerdict Verdict, AccessVerdict? Denial = null);

    /// <summary>A matching resource, parsed at most once however many steps (consent, sorting, the bundle) read it.</summary>
    private sealed class Match(StoredResource stored, FhirWire wire)
    {
        private Resource? _resource;

        public StoredResource Stored => stored;

        public Resource Resource => _resource ??= wire.ParseStoredJson(stored.Json!);
    }
}
