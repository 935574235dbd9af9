using System.Globalization;
using Hl7.Fhir.Model;

namespace CareChain.Grains.Fhir.Search;

/// <summary>
/// The order of search results. With a <c>_sort</c>, resources compare key by key on the values the
/// parameter's reader takes from them, as FHIR R4 sorting asks: ascending on a resource's lowest value
/// (the start of a date range), descending on its highest (the end). A resource with no value for a
/// key sorts after those with one, either way. Ties, and searches without <c>_sort</c>, fall back to
/// the most recently updated first and then the id, so paging is stable.
/// </summary>
public static class SearchOrder
{
    /// <summary>The sort values of <paramref name="resource"/> under <paramref name="query"/>'s <c>_sort</c>, to compare with <see cref="Compare"/>.</summary>
    public static SearchSortValues ValuesOf(SearchQuery query, Resource resource)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(resource);
        var values = new SearchSortValue[query.Sort.Count];
        for (var i = 0; i < values.Length; i++)
        {
            var key = query.Sort[i];
            var definition = SearchParameters.Find(query.ResourceType, key.Parameter)
                ?? throw new InvalidOperationException("A parsed query sorts only on supported parameters.");
            values[i] = Value(definition, key.Descending, resource);
        }

        return new SearchSortValues(
            values,
            resource.Meta?.LastUpdated ?? DateTimeOffset.MinValue,
            resource.Id ?? string.Empty);
    }

    /// <summary>Compares two results' values under <paramref name="query"/>'s <c>_sort</c>, then by last update (newest first) and id.</summary>
    public static int Compare(SearchQuery query, SearchSortValues x, SearchSortValues y)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        for (var i = 0; i < query.Sort.Count; i++)
        {
            var (left, right) = (x.Keys[i], y.Keys[i]);
            if (!left.IsPresent || !right.IsPresent)
            {
                // Missing values go last in both directions.
                var missing = (!left.IsPresent).CompareTo(!right.IsPresent);
                if (missing != 0)
                {
                    return missing;
                }

                continue;
            }

            var order = left.CompareTo(right);
            if (order != 0)
            {
                return query.Sort[i].Descending ? -order : order;
            }
        }

        var updated = y.LastUpdated.CompareTo(x.LastUpdated);
        return updated != 0 ? updated : string.CompareOrdinal(x.Id, y.Id);
    }

    private static SearchSortValue Value(SearchParameterDefinition definition, bool descending, Resource resource)
    {
        switch (definition.Type)
        {
            case SearchParameterType.Date:
                var ranges = definition.Dates!(resource).ToList();
                return ranges.Count == 0
                    ? SearchSortValue.Missing
                    : new SearchSortValue(descending ? ranges.Max(range => range.High) : ranges.Min(range => range.Low), null);
            case SearchParameterType.String:
                return Text(definition.Strings!(resource).Select(SearchText.Normalize), descending);
            case SearchParameterType.Token:
                return Text(definition.Tokens!(resource).Select(token => token.Code), descending);
            default:
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"Parameters of type {definition.Type} are not sortable."));
        }
    }

    private static SearchSortValue Text(IEnumerable<string> values, bool descending)
    {
        var texts = values.ToList();
        return texts.Count == 0
            ? SearchSortValue.Missing
            : new SearchSortValue(null, descending ? texts.Max(StringComparer.Ordinal) : texts.Min(StringComparer.Ordinal));
    }
}
