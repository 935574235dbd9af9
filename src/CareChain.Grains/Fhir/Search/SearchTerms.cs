using Hl7.Fhir.Model;

namespace CareChain.Grains.Fhir.Search;

/// <summary>
/// The index terms of a resource, read through the same parameter definitions as <see cref="SearchMatcher"/>,
/// so every value the matcher can match on has a term. References have none: the owning patient is a
/// column of the index, and other references are not narrowed.
/// </summary>
public static class SearchTerms
{
    public static IReadOnlyList<SearchTerm> Extract(Resource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var terms = new HashSet<SearchTerm>();
        foreach (var definition in SearchParameters.For(resource.TypeName))
        {
            if (!definition.Indexed)
            {
                continue;
            }

            switch (definition.Type)
            {
                case SearchParameterType.Token:
                    foreach (var token in definition.Tokens!(resource))
                    {
                        terms.Add(new SearchTerm(definition.Name, (token.System ?? string.Empty) + "|" + token.Code, null, null));
                        terms.Add(new SearchTerm(definition.Name, token.Code, null, null));
                    }

                    break;
                case SearchParameterType.String:
                    foreach (var text in definition.Strings!(resource))
                    {
                        terms.Add(new SearchTerm(definition.Name, SearchText.Normalize(text), null, null));
                    }

                    break;
                case SearchParameterType.Date:
                    foreach (var range in definition.Dates!(resource))
                    {
                        terms.Add(new SearchTerm(definition.Name, null, range.Low, range.High));
                    }

                    break;
                default:
                    break;
            }
        }

        return [.. terms.OrderBy(t => t.Parameter, StringComparer.Ordinal).ThenBy(t => t.Value, StringComparer.Ordinal).ThenBy(t => t.Low)];
    }
}
