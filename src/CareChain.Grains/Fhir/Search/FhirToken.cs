namespace CareChain.Grains.Fhir.Search;

/// <summary>A coded value on a resource: a coding, an identifier, or a code with its implied system.</summary>
internal readonly record struct FhirToken(string? System, string Code)
{
    public bool Matches(SearchValue value)
    {
        if (value.System is null)
        {
            return string.Equals(Code, value.Code, StringComparison.Ordinal);
        }

        if (value.System.Length == 0)
        {
            return string.IsNullOrEmpty(System) && string.Equals(Code, value.Code, StringComparison.Ordinal);
        }

        return string.Equals(System, value.System, StringComparison.Ordinal)
            && (value.Code is null || string.Equals(Code, value.Code, StringComparison.Ordinal));
    }
}
