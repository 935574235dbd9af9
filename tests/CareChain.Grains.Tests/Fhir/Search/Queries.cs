using CareChain.Grains.Fhir.Search;

namespace CareChain.Grains.Tests.Fhir.Search;

/// <summary>Parses a query string the way the HTTP layer hands parameters over: decoded, in order, repeats kept.</summary>
internal static class Queries
{
    public static SearchQuery Parse(string resourceType, string queryString, bool strict = false) =>
        SearchQuery.Parse(resourceType, Pairs(queryString), strict);

    public static List<KeyValuePair<string, string>> Pairs(string queryString) =>
        queryString.Length == 0
            ? []
            : [.. queryString.Split('&').Select(pair =>
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                return equals < 0
                    ? new KeyValuePair<string, string>(Uri.UnescapeDataString(pair), string.Empty)
                    : new KeyValuePair<string, string>(Uri.UnescapeDataString(pair[..equals]), Uri.UnescapeDataString(pair[(equals + 1)..]));
            })];
}
