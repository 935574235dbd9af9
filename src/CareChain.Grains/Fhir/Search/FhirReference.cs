namespace CareChain.Grains.Fhir.Search;

/// <summary>A literal reference reduced to type and id, whether written relative, absolute or versioned.</summary>
internal readonly record struct FhirReference(string? Type, string Id)
{
    /// <summary>
    /// Reads <c>Patient/1</c>, <c>http://host/fhir/Patient/1</c>, <c>Patient/1/_history/2</c> or a bare <c>1</c>.
    /// Fragments (<c>#contained</c>) and empty text are not references to match.
    /// </summary>
    public static bool TryParse(string? text, out FhirReference reference)
    {
        reference = default;
        if (string.IsNullOrWhiteSpace(text) || text.StartsWith('#'))
        {
            return false;
        }

        var history = text.IndexOf("/_history/", StringComparison.Ordinal);
        var path = history >= 0 ? text[..history] : text;
        var segments = path.Split('/');
        var id = segments[^1];
        if (id.Length == 0)
        {
            return false;
        }

        reference = segments.Length >= 2 && segments[^2].Length > 0
            ? new FhirReference(segments[^2], id)
            : new FhirReference(null, id);
        return true;
    }

    public bool Matches(SearchValue value) =>
        string.Equals(Id, value.Code, StringComparison.Ordinal)
        && (value.System is null || string.Equals(Type, value.System, StringComparison.Ordinal));
}
