using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;
using FhirConsent = Hl7.Fhir.Model.Consent;

namespace CareChain.Grains.Fhir.Search;

/// <summary>The search parameters CareChain supports, per resource type (see docs/search.md).</summary>
internal static class SearchParameters
{
    public const string Id = "_id";
    public const string LastUpdated = "_lastUpdated";
    public const string Count = "_count";
    public const string Offset = "_offset";
    public const string Sort = "_sort";

    private const string GenderSystem = "http://hl7.org/fhir/administrative-gender";
    private const string ObservationStatusSystem = "http://hl7.org/fhir/observation-status";
    private const string ConsentStatusSystem = "http://hl7.org/fhir/consent-state-codes";

    private static readonly HashSet<string> PatientOnly = new(StringComparer.Ordinal) { "Patient" };

    private static readonly HashSet<string> SubjectTypes = new(StringComparer.Ordinal) { "Patient", "Group", "Device", "Location" };

    private static readonly HashSet<string> ActorTypes = new(StringComparer.Ordinal)
    {
        "Device", "Group", "CareTeam", "Organization", "Patient", "Practitioner", "RelatedPerson", "PractitionerRole",
    };

    private static readonly Dictionary<string, IReadOnlyDictionary<string, SearchParameterDefinition>> ByType = new(StringComparer.Ordinal)
    {
        ["Patient"] = Index(Common().Concat(Patient())),
        ["Observation"] = Index(Common().Concat(Observation())),
        ["Consent"] = Index(Common().Concat(Consent())),
    };

    /// <summary>The resource types search is implemented for.</summary>
    public static IReadOnlyCollection<string> ResourceTypes => ByType.Keys;

    public static bool IsSupported(string resourceType) => ByType.ContainsKey(resourceType);

    public static IEnumerable<SearchParameterDefinition> For(string resourceType) =>
        ByType.TryGetValue(resourceType, out var parameters) ? parameters.Values : [];

    public static SearchParameterDefinition? Find(string resourceType, string name) =>
        ByType.TryGetValue(resourceType, out var parameters) && parameters.TryGetValue(name, out var definition) ? definition : null;

    private static Dictionary<string, SearchParameterDefinition> Index(IEnumerable<SearchParameterDefinition> definitions) =>
        definitions.ToDictionary(d => d.Name, StringComparer.Ordinal);

    private static IEnumerable<SearchParameterDefinition> Common() =>
    [
        // _id narrows through the owner table and _lastUpdated is written after the terms, so neither has terms.
        new(Id, SearchParameterType.Token) { Tokens = r => string.IsNullOrEmpty(r.Id) ? [] : [new FhirToken(null, r.Id)], Indexed = false },
        new(LastUpdated, SearchParameterType.Date)
        {
            Dates = r => r.Meta?.LastUpdated is { } instant ? [FhirDate.Instant(instant)] : [],
            Indexed = false,
        },
    ];

    private static IEnumerable<SearchParameterDefinition> Patient() =>
    [
        new("identifier", SearchParameterType.Token) { Tokens = r => Identifiers(((Patient)r).Identifier) },
        new("name", SearchParameterType.String) { Strings = r => ((Patient)r).Name.Where(n => n is not null).SelectMany(NameParts) },
        new("family", SearchParameterType.String) { Strings = r => NonEmpty(((Patient)r).Name.Where(n => n is not null).Select(n => n.Family)) },
        new("given", SearchParameterType.String) { Strings = r => NonEmpty(((Patient)r).Name.Where(n => n is not null).SelectMany(n => n.Given)) },
        new("birthdate", SearchParameterType.Date) { Dates = r => Date(((Patient)r).BirthDate) },
        new("gender", SearchParameterType.Token) { Tokens = r => Code(GenderSystem, ((Patient)r).Gender) },
    ];

    private static IEnumerable<SearchParameterDefinition> Observation() =>
    [
        new("patient", SearchParameterType.Reference) { References = r => Reference(((Observation)r).Subject), ImpliedType = "Patient", TargetTypes = PatientOnly },
        new("subject", SearchParameterType.Reference) { References = r => Reference(((Observation)r).Subject), ImpliedType = "Patient", TargetTypes = SubjectTypes },
        new("code", SearchParameterType.Token) { Tokens = r => Codings([((Observation)r).Code]) },
        new("date", SearchParameterType.Date) { Dates = r => Effective(((Observation)r).Effective) },
        new("category", SearchParameterType.Token) { Tokens = r => Codings(((Observation)r).Category) },
        new("status", SearchParameterType.Token) { Tokens = r => Code(ObservationStatusSystem, ((Observation)r).Status) },
    ];

    private static IEnumerable<SearchParameterDefinition> Consent() =>
    [
        new("patient", SearchParameterType.Reference) { References = r => Reference(((FhirConsent)r).Patient), ImpliedType = "Patient", TargetTypes = PatientOnly },
        new("status", SearchParameterType.Token) { Tokens = r => Code(ConsentStatusSystem, ((FhirConsent)r).Status) },
        new("actor", SearchParameterType.Reference)
        {
            References = r => Provisions(((FhirConsent)r).Provision).SelectMany(p => p.Actor).Where(a => a is not null).SelectMany(a => Reference(a.Reference)),
            TargetTypes = ActorTypes,
        },
        new("purpose", SearchParameterType.Token)
        {
            Tokens = r => Provisions(((FhirConsent)r).Provision).SelectMany(p => p.Purpose).Where(c => c is not null).SelectMany(Coding),
        },
        new("period", SearchParameterType.Date) { Dates = r => Period(((FhirConsent)r).Provision?.Period) },
        new("category", SearchParameterType.Token) { Tokens = r => Codings(((FhirConsent)r).Category) },
    ];

    private static IEnumerable<FhirConsent.provisionComponent> Provisions(FhirConsent.provisionComponent? root)
    {
        if (root is null)
        {
            yield break;
        }

        var pending = new Stack<FhirConsent.provisionComponent>();
        pending.Push(root);
        while (pending.TryPop(out var provision))
        {
            yield return provision;
            foreach (var child in provision.Provision)
            {
                if (child is not null)
                {
                    pending.Push(child);
                }
            }
        }
    }

    private static IEnumerable<string> NameParts(HumanName name) =>
        NonEmpty([name.Text, name.Family, .. name.Given, .. name.Prefix, .. name.Suffix]);

    private static IEnumerable<string> NonEmpty(IEnumerable<string?> values) =>
        values.Where(v => !string.IsNullOrEmpty(v))!;

    private static IEnumerable<FhirToken> Identifiers(IEnumerable<Identifier?> identifiers) =>
        identifiers.Where(i => i is not null && !string.IsNullOrEmpty(i.Value)).Select(i => new FhirToken(i!.System, i.Value!));

    private static IEnumerable<FhirToken> Codings(IEnumerable<CodeableConcept?> concepts) =>
        concepts.Where(c => c is not null).SelectMany(c => c!.Coding).Where(c => c is not null).SelectMany(Coding);

    private static IEnumerable<FhirToken> Coding(Coding coding) =>
        string.IsNullOrEmpty(coding.Code) ? [] : [new FhirToken(coding.System, coding.Code)];

    private static IEnumerable<FhirToken> Code<TEnum>(string system, TEnum? code)
        where TEnum : struct, Enum =>
        code is { } value && value.GetLiteral() is { Length: > 0 } literal ? [new FhirToken(system, literal)] : [];

    private static IEnumerable<FhirReference> Reference(ResourceReference? reference) => Reference(reference?.Reference);

    private static IEnumerable<FhirReference> Reference(string? text) =>
        FhirReference.TryParse(text, out var reference) ? [reference] : [];

    private static IEnumerable<DateRange> Date(string? text) =>
        FhirDate.TryParse(text, out var range) ? [range] : [];

    private static IEnumerable<DateRange> Effective(DataType? effective) => effective switch
    {
        FhirDateTime dateTime => Date(dateTime.Value),
        Instant { Value: { } instant } => [FhirDate.Instant(instant)],
        Period period => Period(period),
        _ => [],
    };

    /// <summary>An open start or end is unbounded; an unparseable bound makes the period unusable for search.</summary>
    private static IEnumerable<DateRange> Period(Period? period)
    {
        if (period is null || (string.IsNullOrEmpty(period.Start) && string.IsNullOrEmpty(period.End)))
        {
            return [];
        }

        var low = long.MinValue;
        var high = long.MaxValue;
        if (!string.IsNullOrEmpty(period.Start))
        {
            if (!FhirDate.TryParse(period.Start, out var start))
            {
                return [];
            }

            low = start.Low;
        }

        if (!string.IsNullOrEmpty(period.End))
        {
            if (!FhirDate.TryParse(period.End, out var end))
            {
                return [];
            }

            high = end.High;
        }

        return [new DateRange(low, high)];
    }
}
