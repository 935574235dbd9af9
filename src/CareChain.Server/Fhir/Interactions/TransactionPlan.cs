using CareChain.Grains.Fhir.Resources;
using CareChain.Server.Fhir.Access;
using CareChain.Server.Fhir.Formatting;
using CareChain.Server.Fhir.Resources;
using Hl7.Fhir.Model;

namespace CareChain.Server.Fhir.Interactions;

/// <summary>
/// Turns a transaction Bundle into planned entries: checks each entry's request, gives POSTed resources
/// their ids, and rewrites <c>urn:uuid:</c> references between entries to the ids they received.
/// Pure, so a bundle is wholly understood before anything is written.
/// </summary>
internal sealed class TransactionPlan
{
    private const string UuidScheme = "urn:uuid:";

    private TransactionPlan(IReadOnlyList<TransactionEntry> entries, OperationOutcome? problem)
    {
        Entries = entries;
        Problem = problem;
    }

    public IReadOnlyList<TransactionEntry> Entries { get; }

    /// <summary>Why the bundle cannot be processed; null when it can.</summary>
    public OperationOutcome? Problem { get; }

    public static TransactionPlan Create(Bundle bundle, int maxEntries, TimeProvider time)
    {
        if (bundle.Entry.Count == 0 || bundle.Entry.Count > maxEntries)
        {
            return Fail($"A transaction carries 1 to {maxEntries} entries.", "Bundle.entry");
        }

        var entries = new List<TransactionEntry>(bundle.Entry.Count);
        var assigned = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < bundle.Entry.Count; i++)
        {
            var (entry, problem) = Plan(bundle.Entry[i], i, time);
            if (entry is null)
            {
                return Fail(problem!, $"Bundle.entry[{i}]");
            }

            if (entries.Any(other => other.Reference == entry.Reference))
            {
                return Fail($"Bundle.entry[{i}] changes {entry.Reference}, which an earlier entry already changes.", $"Bundle.entry[{i}]");
            }

            if (bundle.Entry[i].FullUrl is { } fullUrl && fullUrl.StartsWith(UuidScheme, StringComparison.Ordinal))
            {
                if (!assigned.TryAdd(fullUrl, entry.Reference))
                {
                    return Fail($"Bundle.entry[{i}].fullUrl repeats an earlier entry's.", $"Bundle.entry[{i}].fullUrl");
                }
            }

            entries.Add(entry);
        }

        foreach (var entry in entries.Where(entry => entry.Resource is not null))
        {
            foreach (var reference in References(entry.Resource!))
            {
                if (reference.Reference is { } target && target.StartsWith(UuidScheme, StringComparison.Ordinal))
                {
                    if (!assigned.TryGetValue(target, out var resolved))
                    {
                        return Fail($"{entry.Expression}.resource refers to {UuidScheme}… that no entry of this bundle has as fullUrl.", entry.Expression);
                    }

                    reference.Reference = resolved;
                }
            }
        }

        return new TransactionPlan(entries, null);
    }

    private static (TransactionEntry? Entry, string? Problem) Plan(Bundle.EntryComponent entry, int index, TimeProvider time)
    {
        var where = $"Bundle.entry[{index}]";
        if (entry.Request is not { Method: { } method } request || string.IsNullOrEmpty(request.Url))
        {
            return (null, $"{where}.request must give a method and a url.");
        }

        if (!IfMatch.TryParse(request.IfMatch, out var ifMatch))
        {
            return (null, $"{where}.request.ifMatch must name one version, e.g. W/\"3\".");
        }

        switch (method)
        {
            case Bundle.HTTPVerb.POST:
            {
                if (entry.Resource is not { } resource || ResourceKind.Find(resource.TypeName) is not { } kind || request.Url != resource.TypeName)
                {
                    return (null, $"{where}: POST takes a Patient, Observation or Consent resource with request.url naming its type.");
                }

                resource.Id = FhirIds.New(time);
                return (new TransactionEntry(index, FhirInteraction.Create, kind, resource.Id, resource, null), null);
            }

            case Bundle.HTTPVerb.PUT:
            {
                if (entry.Resource is not { } resource || ResourceKind.Find(resource.TypeName) is not { } kind
                    || request.Url != $"{resource.TypeName}/{resource.Id}" || !FhirIds.IsValid(resource.Id))
                {
                    return (null, $"{where}: PUT takes a Patient, Observation or Consent resource whose id matches request.url (Type/id).");
                }

                return (new TransactionEntry(index, FhirInteraction.Update, kind, resource.Id, resource, ifMatch), null);
            }

            case Bundle.HTTPVerb.DELETE:
            {
                var parts = request.Url.Split('/');
                if (entry.Resource is not null || parts.Length != 2 || ResourceKind.Find(parts[0]) is not { } kind || !FhirIds.IsValid(parts[1]))
                {
                    return (null, $"{where}: DELETE takes request.url Type/id and no resource.");
                }

                return (new TransactionEntry(index, FhirInteraction.Delete, kind, parts[1], null, ifMatch), null);
            }

            default:
                return (null, $"{where}.request.method {method} is not supported in transactions (POST, PUT and DELETE are).");
        }
    }

    private static IEnumerable<ResourceReference> References(Base node)
    {
        foreach (var (_, value) in node.EnumerateElements())
        {
            IEnumerable<Base> children = value switch
            {
                Base single => [single],
                IEnumerable<Base> many => many,
                _ => [],
            };
            foreach (var child in children)
            {
                if (child is ResourceReference reference)
                {
                    yield return reference;
                }

                foreach (var nested in References(child))
                {
                    yield return nested;
                }
            }
        }
    }

    private static TransactionPlan Fail(string diagnostics, string expression) =>
        new([], FhirOutcomes.Error(OperationOutcome.IssueType.Invalid, diagnostics, expression));
}
