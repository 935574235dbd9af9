using Hl7.Fhir.Model;

namespace CareChain.Grains.Fhir.Search;

/// <summary>
/// Decides whether one resource matches a <see cref="SearchQuery"/>: every criterion must hold, and a
/// criterion holds when any of its values matches any of the resource's values for that parameter
/// (a <c>:not</c> criterion holds when none does). A resource without a value for a parameter matches
/// only <c>:not</c>. This is the authority on search results; the SQL index only narrows the patients to ask.
/// </summary>
public static class SearchMatcher
{
    public static bool Matches(Resource resource, SearchQuery query)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(query);
        if (!string.Equals(resource.TypeName, query.ResourceType, StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var criterion in query.Criteria)
        {
            var definition = SearchParameters.Find(query.ResourceType, criterion.Parameter);
            if (definition is null || !Matches(resource, definition, criterion))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Matches(Resource resource, SearchParameterDefinition definition, SearchCriterion criterion) => definition.Type switch
    {
        SearchParameterType.Token => AnyToken(resource, definition, criterion.Values) != (criterion.Modifier == "not"),
        SearchParameterType.String => AnyString(resource, definition, criterion),
        SearchParameterType.Date => AnyDate(resource, definition, criterion.Values),
        SearchParameterType.Reference => AnyReference(resource, definition, criterion.Values),
        _ => false,
    };

    private static bool AnyToken(Resource resource, SearchParameterDefinition definition, IReadOnlyList<SearchValue> values)
    {
        foreach (var token in definition.Tokens!(resource))
        {
            foreach (var value in values)
            {
                if (token.Matches(value))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool AnyString(Resource resource, SearchParameterDefinition definition, SearchCriterion criterion)
    {
        var exact = criterion.Modifier == "exact";
        var contains = criterion.Modifier == "contains";
        foreach (var text in definition.Strings!(resource))
        {
            var compared = exact ? text : SearchText.Normalize(text);
            foreach (var value in criterion.Values)
            {
                var wanted = value.Code ?? string.Empty;
                var hit = exact ? string.Equals(compared, wanted, StringComparison.Ordinal)
                    : contains ? compared.Contains(wanted, StringComparison.Ordinal)
                    : compared.StartsWith(wanted, StringComparison.Ordinal);
                if (hit)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool AnyDate(Resource resource, SearchParameterDefinition definition, IReadOnlyList<SearchValue> values)
    {
        foreach (var range in definition.Dates!(resource))
        {
            foreach (var value in values)
            {
                if (range.Satisfies(value.Prefix, value.Low, value.High))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool AnyReference(Resource resource, SearchParameterDefinition definition, IReadOnlyList<SearchValue> values)
    {
        foreach (var reference in definition.References!(resource))
        {
            foreach (var value in values)
            {
                if (reference.Matches(value))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
