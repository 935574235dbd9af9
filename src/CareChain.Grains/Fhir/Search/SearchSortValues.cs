namespace CareChain.Grains.Fhir.Search;

/// <summary>
/// A search result's sort values, as <see cref="SearchOrder.ValuesOf"/> reads them: one per <c>_sort</c>
/// key (a <see cref="long"/> for dates, a <see cref="string"/> otherwise, null when the resource has no
/// value), then the tie-breakers.
/// </summary>
public sealed record SearchSortValues(IReadOnlyList<object?> Keys, DateTimeOffset LastUpdated, string Id);
