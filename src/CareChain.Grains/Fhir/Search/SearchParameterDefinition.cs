using Hl7.Fhir.Model;

namespace CareChain.Grains.Fhir.Search;

/// <summary>
/// A supported search parameter and the one function that reads its values from a resource. Matching
/// and index terms both go through these readers, so the index cannot disagree with the matcher.
/// </summary>
internal sealed record SearchParameterDefinition(string Name, SearchParameterType Type)
{
    public Func<Resource, IEnumerable<FhirToken>>? Tokens { get; init; }

    public Func<Resource, IEnumerable<string>>? Strings { get; init; }

    public Func<Resource, IEnumerable<DateRange>>? Dates { get; init; }

    public Func<Resource, IEnumerable<FhirReference>>? References { get; init; }

    /// <summary>Reference parameters: the type a bare id refers to, or null when a bare id matches any type.</summary>
    public string? ImpliedType { get; init; }

    /// <summary>Reference parameters: the types a <c>:Type</c> modifier or a typed value may name.</summary>
    public IReadOnlySet<string> TargetTypes { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Whether <see cref="SearchTerms"/> writes index terms for this parameter.</summary>
    public bool Indexed { get; init; } = true;
}
