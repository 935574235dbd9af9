namespace CareChain.Grains.Fhir.Search;

/// <summary>
/// Turns one prefixed FHIR date search value (<c>ge2024-03</c>, <c>lt2024-03-01T10:00Z</c>, <c>2024</c>) into
/// plain time bounds, for stores that filter by a single instant per row, such as the ledger's audit index.
/// </summary>
public static class SearchDateBounds
{
    /// <summary>
    /// The inclusive lower and exclusive upper bound the value admits; null where it leaves a side open.
    /// Supports eq (default), gt, ge, lt and le; false for anything else or a malformed date.
    /// </summary>
    public static bool TryParse(string? text, out DateTimeOffset? since, out DateTimeOffset? before)
    {
        since = null;
        before = null;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var prefix = text.Length > 2 && char.IsAsciiLetterLower(text[0]) && char.IsAsciiLetterLower(text[1]) ? text[..2] : "eq";
        var date = prefix == "eq" && !text.StartsWith("eq", StringComparison.Ordinal) ? text : text[2..];
        if (!FhirDate.TryParse(date, out var range))
        {
            return false;
        }

        var low = DateTimeOffset.FromUnixTimeMilliseconds(range.Low);
        var high = DateTimeOffset.FromUnixTimeMilliseconds(range.High);
        switch (prefix)
        {
            case "eq":
                (since, before) = (low, high);
                return true;
            case "ge":
                since = low;
                return true;
            case "gt":
                since = high;
                return true;
            case "lt":
                before = low;
                return true;
            case "le":
                before = high;
                return true;
            default:
                return false;
        }
    }
}
