namespace CareChain.Grains.Fhir.Search;

/// <summary>
/// A search result's sort values, as <see cref="SearchOrder.ValuesOf"/> reads them: one per <c>_sort</c>
/// key, then the tie-breakers.
/// </summary>
public sealed record SearchSortValues(IReadOnlyList<SearchSortValue> Keys, DateTimeOffset LastUpdated, string Id);
