using System.Text;

namespace CareChain.Grains.Fhir.Search;

/// <summary>
/// A parsed FHIR R4 search over one resource type: the criteria to apply (AND across criteria, OR
/// within a criterion's values), the page, and the parameters that were ignored. It crosses grain
/// boundaries: each candidate patient's grain evaluates it with <see cref="SearchMatcher"/>.
/// </summary>
/// <param name="ResourceType">Patient, Observation or Consent.</param>
/// <param name="Criteria">The applied criteria in request order.</param>
/// <param name="Count">Page size, 1 to 200.</param>
/// <param name="Offset">How many matches to skip (CareChain's paging).</param>
/// <param name="Ignored">Parameters left out under lenient handling, as written (with modifier), in request order.</param>
[GenerateSerializer, Immutable, Alias("carechain.fhir.search.query")]
public sealed record SearchQuery(
    [property: Id(0)] string ResourceType,
    [property: Id(1)] IReadOnlyList<SearchCriterion> Criteria,
    [property: Id(2)] int Count,
    [property: Id(3)] int Offset,
    [property: Id(4)] IReadOnlyList<string> Ignored)
{
    public const int DefaultCount = 20;
    public const int MaxCount = 200;
    public const int MaxValuesPerParameter = 100;
    public const int MaxParameters = 50;
    public const int MaxValueLength = 1024;

    /// <summary>Most keys one <c>_sort</c> may name.</summary>
    public const int MaxSortKeys = 5;

    /// <summary>The <c>_sort</c> keys in order; empty for the default order (see <see cref="SearchOrder"/>).</summary>
    [Id(5)]
    public IReadOnlyList<SearchSortKey> Sort { get; init; } = [];

    /// <summary>
    /// Parses query parameters as they arrived (names possibly with a <c>:modifier</c>, values still
    /// comma-separated). Unknown parameters and modifiers are recorded in <see cref="Ignored"/>, or
    /// rejected when <paramref name="strict"/> (the <c>Prefer: handling=strict</c> header); malformed
    /// values are always rejected.
    /// </summary>
    /// <exception cref="FhirSearchException">The request is malformed or, under strict handling, unsupported.</exception>
    /// <exception cref="ArgumentException"><paramref name="resourceType"/> is not searchable.</exception>
    public static SearchQuery Parse(string resourceType, IEnumerable<KeyValuePair<string, string>> parameters, bool strict) =>
        SearchQueryParser.Parse(resourceType, parameters, strict);

    /// <summary>
    /// The patient whose grain alone can hold the matches, when the query pins one: <c>patient</c> or
    /// <c>subject</c> with a single Patient value, or <c>_id</c> with a single value on Patient.
    /// </summary>
    public string? PatientId
    {
        get
        {
            foreach (var criterion in Criteria)
            {
                if (criterion.Values.Count != 1)
                {
                    continue;
                }

                var value = criterion.Values[0];
                var pins = ResourceType == "Patient"
                    ? criterion.Parameter == SearchParameters.Id && criterion.Modifier is null && string.IsNullOrEmpty(value.System)
                    : criterion.Parameter is "patient" or "subject" && value.System == "Patient";
                if (pins)
                {
                    return value.Code;
                }
            }

            return null;
        }
    }

    /// <summary>The same query starting at another match.</summary>
    public SearchQuery WithOffset(int offset)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        return this with { Offset = offset };
    }

    /// <summary>
    /// Canonical query string for self and next links: the applied criteria, <c>_count</c>,
    /// <c>_offset</c> when it is not zero and <c>_sort</c> when given, sorted by name (ordinal, stable), names and values URL-encoded,
    /// a criterion's values joined by commas. Ignored parameters are left out, as the spec asks.
    /// </summary>
    public string ToQueryString()
    {
        var pairs = new List<(string Name, string Value)>(Criteria.Count + 2)
        {
            (SearchParameters.Count, Count.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        if (Offset > 0)
        {
            pairs.Add((SearchParameters.Offset, Offset.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (Sort.Count > 0)
        {
            pairs.Add((SearchParameters.Sort, string.Join(',', Sort.Select(key => Uri.EscapeDataString(key.ToString())))));
        }

        pairs.AddRange(Criteria.Select(c => (c.Name, string.Join(',', c.Values.Select(v => Uri.EscapeDataString(v.Raw))))));
        var builder = new StringBuilder();
        foreach (var (name, value) in pairs.OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            if (builder.Length > 0)
            {
                builder.Append('&');
            }

            builder.Append(Uri.EscapeDataString(name)).Append('=').Append(value);
        }

        return builder.ToString();
    }
}
