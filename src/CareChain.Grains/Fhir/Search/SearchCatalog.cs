using Hl7.Fhir.Model;

namespace CareChain.Grains.Fhir.Search;

/// <summary>The supported search parameters of a type, as a CapabilityStatement lists them.</summary>
public static class SearchCatalog
{
    public static IReadOnlyList<(string Name, SearchParamType Type)> For(string resourceType) =>
    [
        .. SearchParameters.For(resourceType)
            .Select(parameter => (parameter.Name, ToFhir(parameter.Type)))
            .Append((SearchParameters.Count, SearchParamType.Number))
            .Append((SearchParameters.Offset, SearchParamType.Number))
            .Append((SearchParameters.Sort, SearchParamType.Special))
            .OrderBy(parameter => parameter.Item1, StringComparer.Ordinal),
    ];

    private static SearchParamType ToFhir(SearchParameterType type) => type switch
    {
        SearchParameterType.Token => SearchParamType.Token,
        SearchParameterType.String => SearchParamType.String,
        SearchParameterType.Date => SearchParamType.Date,
        _ => SearchParamType.Reference,
    };
}
