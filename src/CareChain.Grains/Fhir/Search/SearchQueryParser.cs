using System.Globalization;
using System.Text;
using CareChain.Grains.Fhir.Resources;

namespace CareChain.Grains.Fhir.Search;

/// <summary>Turns request parameters into a <see cref="SearchQuery"/>, validating everything up front.</summary>
internal static class SearchQueryParser
{
    private static readonly Dictionary<string, SearchPrefix> Prefixes = new(StringComparer.Ordinal)
    {
        ["eq"] = SearchPrefix.Eq,
        ["ne"] = SearchPrefix.Ne,
        ["gt"] = SearchPrefix.Gt,
        ["lt"] = SearchPrefix.Lt,
        ["ge"] = SearchPrefix.Ge,
        ["le"] = SearchPrefix.Le,
        ["sa"] = SearchPrefix.Sa,
        ["eb"] = SearchPrefix.Eb,
    };

    // Formatting switches a server applies elsewhere: they neither filter nor deserve a warning.
    private static readonly HashSet<string> Skipped = new(StringComparer.Ordinal) { "_format", "_pretty" };

    public static SearchQuery Parse(string resourceType, IEnumerable<KeyValuePair<string, string>> parameters, bool strict)
    {
        ArgumentNullException.ThrowIfNull(resourceType);
        ArgumentNullException.ThrowIfNull(parameters);
        if (!SearchParameters.IsSupported(resourceType))
        {
            throw new ArgumentException(
                "Search is supported for " + string.Join(", ", SearchParameters.ResourceTypes) + " only.", nameof(resourceType));
        }

        var pairs = parameters.ToList();
        if (pairs.Count > SearchQuery.MaxParameters)
        {
            throw new FhirSearchException(string.Empty, $"A search may have at most {SearchQuery.MaxParameters} parameters.");
        }

        var criteria = new List<SearchCriterion>();
        var ignored = new List<string>();
        int? count = null;
        int? offset = null;
        List<SearchSortKey>? sort = null;
        foreach (var (rawName, rawValue) in pairs)
        {
            var name = rawName ?? string.Empty;
            var value = rawValue ?? string.Empty;
            var colon = name.IndexOf(':', StringComparison.Ordinal);
            var parameter = colon < 0 ? name : name[..colon];
            var modifier = colon < 0 ? null : name[(colon + 1)..];
            if (Skipped.Contains(parameter))
            {
                continue;
            }

            if (parameter is SearchParameters.Count or SearchParameters.Offset)
            {
                var isCount = parameter == SearchParameters.Count;
                if (modifier is not null)
                {
                    throw new FhirSearchException(name, $"Parameter '{parameter}' takes no modifier.");
                }

                if ((isCount ? count : offset) is not null)
                {
                    throw new FhirSearchException(name, $"Parameter '{parameter}' may appear only once.");
                }

                var number = Number(name, value, isCount ? 1 : 0, isCount ? SearchQuery.MaxCount : int.MaxValue);
                if (isCount)
                {
                    count = number;
                }
                else
                {
                    offset = number;
                }

                continue;
            }

            if (parameter == SearchParameters.Sort)
            {
                if (modifier is not null)
                {
                    throw new FhirSearchException(name, $"Parameter '{parameter}' takes no modifier.");
                }

                if (sort is not null)
                {
                    throw new FhirSearchException(name, $"Parameter '{parameter}' may appear only once.");
                }

                sort = SortKeys(resourceType, name, value, strict, ignored);
                continue;
            }

            var definition = SearchParameters.Find(resourceType, parameter);
            if (definition is null)
            {
                Unsupported(strict, ignored, name, $"Parameter '{parameter}' is not a supported search parameter for {resourceType}.");
                continue;
            }

            if (modifier is not null && !AcceptsModifier(definition, modifier))
            {
                Unsupported(strict, ignored, name, $"Parameter '{parameter}' does not support the modifier ':{modifier}'.");
                continue;
            }

            var values = SplitValues(name, value).Select(raw => ParseValue(definition, modifier, name, raw)).ToList();
            if (parameter == SearchParameters.Id && values.Any(id => id.System is not null || !FhirIds.IsValid(id.Code)))
            {
                throw new FhirSearchException(name, $"Parameter '{name}' takes FHIR ids: 1 to 64 letters, digits, '-' or '.'.");
            }

            criteria.Add(new SearchCriterion(parameter, modifier, values));
        }

        return new SearchQuery(resourceType, criteria, count ?? SearchQuery.DefaultCount, offset ?? 0, ignored) { Sort = sort ?? [] };
    }

    /// <summary>
    /// The keys of a <c>_sort</c> value: comma-separated parameter names, each with an optional leading
    /// <c>-</c> for descending. A parameter that cannot sort is ignored (or, strict, rejected) like an
    /// unknown parameter; a malformed list is always rejected.
    /// </summary>
    private static List<SearchSortKey> SortKeys(string resourceType, string name, string value, bool strict, List<string> ignored)
    {
        var keys = new List<SearchSortKey>();
        foreach (var piece in value.Split(','))
        {
            var descending = piece.StartsWith('-');
            var parameter = descending ? piece[1..] : piece;
            if (parameter.Length == 0 || parameter.Length > SearchQuery.MaxValueLength)
            {
                throw new FhirSearchException(name, $"Parameter '{name}' must list parameter names, each optionally prefixed with '-'.");
            }

            var definition = SearchParameters.Find(resourceType, parameter);
            if (definition is null || definition.Type == SearchParameterType.Reference)
            {
                Unsupported(strict, ignored, name, $"Parameter '{name}' names a parameter {resourceType} cannot be sorted on; it sorts on {resourceType}'s date, string and token parameters.");
                continue;
            }

            if (keys.Any(key => key.Parameter == parameter))
            {
                throw new FhirSearchException(name, $"Parameter '{name}' names the same parameter twice.");
            }

            keys.Add(new SearchSortKey(parameter, descending));
            if (keys.Count > SearchQuery.MaxSortKeys)
            {
                throw new FhirSearchException(name, $"Parameter '{name}' may name at most {SearchQuery.MaxSortKeys} parameters.");
            }
        }

        return keys;
    }

    private static void Unsupported(bool strict, List<string> ignored, string name, string message)
    {
        if (strict)
        {
            throw new FhirSearchException(name, message);
        }

        ignored.Add(name);
    }

    private static bool AcceptsModifier(SearchParameterDefinition definition, string modifier) => definition.Type switch
    {
        SearchParameterType.String => modifier is "exact" or "contains",
        SearchParameterType.Token => modifier is "not",
        SearchParameterType.Reference => definition.TargetTypes.Contains(modifier),
        _ => false,
    };

    private static int Number(string name, string value, int min, int max)
    {
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < min || number > max)
        {
            throw new FhirSearchException(name, max == int.MaxValue
                ? $"Parameter '{name}' must be a whole number of at least {min}."
                : $"Parameter '{name}' must be a whole number from {min} to {max}.");
        }

        return number;
    }

    /// <summary>Splits on commas not escaped with a backslash; each piece keeps its escapes.</summary>
    private static List<string> SplitValues(string name, string value)
    {
        var pieces = new List<string>();
        var start = 0;
        for (var i = 0; i <= value.Length; i++)
        {
            if (i < value.Length - 1 && value[i] == '\\')
            {
                i++;
                continue;
            }

            if (i == value.Length || value[i] == ',')
            {
                var piece = value[start..Math.Min(i, value.Length)];
                if (piece.Length == 0)
                {
                    throw new FhirSearchException(name, $"Parameter '{name}' has an empty value.");
                }

                if (piece.Length > SearchQuery.MaxValueLength)
                {
                    throw new FhirSearchException(name, $"Parameter '{name}' has a value longer than {SearchQuery.MaxValueLength} characters.");
                }

                pieces.Add(piece);
                if (pieces.Count > SearchQuery.MaxValuesPerParameter)
                {
                    throw new FhirSearchException(name, $"Parameter '{name}' has more than {SearchQuery.MaxValuesPerParameter} values.");
                }

                start = i + 1;
            }
        }

        return pieces;
    }

    private static SearchValue ParseValue(SearchParameterDefinition definition, string? modifier, string name, string raw) => definition.Type switch
    {
        SearchParameterType.Token => Token(name, raw),
        SearchParameterType.String => new SearchValue(raw, SearchPrefix.Eq, null,
            modifier == "exact" ? Unescape(raw) : SearchText.Normalize(Unescape(raw)), 0, 0),
        SearchParameterType.Date => Date(name, raw),
        SearchParameterType.Reference => Reference(definition, modifier, name, raw),
        _ => throw new InvalidOperationException("Unknown search parameter type."),
    };

    private static SearchValue Token(string name, string raw)
    {
        var bar = IndexOfUnescaped(raw, '|');
        if (bar < 0)
        {
            return new SearchValue(raw, SearchPrefix.Eq, null, Unescape(raw), 0, 0);
        }

        var system = Unescape(raw[..bar]);
        var code = Unescape(raw[(bar + 1)..]);
        if (system.Length == 0 && code.Length == 0)
        {
            throw new FhirSearchException(name, $"Parameter '{name}' has a token with neither system nor code.");
        }

        return new SearchValue(raw, SearchPrefix.Eq, system, code.Length == 0 ? null : code, 0, 0);
    }

    private static SearchValue Date(string name, string raw)
    {
        // An unencoded '+' in a URL arrives as a space; in a date it can only have been a zone sign.
        var text = raw.Replace(' ', '+');
        var prefix = SearchPrefix.Eq;
        if (text.Length >= 2 && char.IsAsciiLetter(text[0]) && char.IsAsciiLetter(text[1]))
        {
            if (!Prefixes.TryGetValue(text[..2], out prefix))
            {
                throw new FhirSearchException(name, $"Parameter '{name}' has an unknown comparison prefix; use eq, ne, lt, gt, le, ge, sa or eb.");
            }

            text = text[2..];
        }

        if (!FhirDate.TryParse(text, out var range))
        {
            throw new FhirSearchException(name,
                $"Parameter '{name}' is not a valid date; use yyyy, yyyy-MM, yyyy-MM-dd or yyyy-MM-ddThh:mm[:ss[.fff]] with Z or an offset.");
        }

        return new SearchValue(raw.Replace(' ', '+'), prefix, null, null, range.Low, range.High);
    }

    private static SearchValue Reference(SearchParameterDefinition definition, string? modifier, string name, string raw)
    {
        // Stored ids are always valid FHIR ids, so anything else can match nothing, and must not reach a grain key.
        if (!FhirReference.TryParse(Unescape(raw), out var reference) || !FhirIds.IsValid(reference.Id))
        {
            throw new FhirSearchException(name, $"Parameter '{name}' is not a valid reference; use Type/id or id.");
        }

        if (reference.Type is not null && !definition.TargetTypes.Contains(reference.Type))
        {
            throw new FhirSearchException(name,
                $"Parameter '{name}' may only reference {string.Join(", ", definition.TargetTypes.Order(StringComparer.Ordinal))}.");
        }

        if (modifier is not null && reference.Type is not null && reference.Type != modifier)
        {
            throw new FhirSearchException(name, $"Parameter '{name}' has a value whose type differs from its modifier.");
        }

        var type = modifier ?? reference.Type ?? definition.ImpliedType;
        return new SearchValue(raw, SearchPrefix.Eq, type, reference.Id, 0, 0);
    }

    private static int IndexOfUnescaped(string text, char wanted)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == wanted)
            {
                return i;
            }
        }

        return -1;
    }

    private static string Unescape(string text)
    {
        if (!text.Contains('\\', StringComparison.Ordinal))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length)
            {
                i++;
            }

            builder.Append(text[i]);
        }

        return builder.ToString();
    }
}
