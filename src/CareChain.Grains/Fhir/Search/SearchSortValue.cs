namespace CareChain.Grains.Fhir.Search;

/// <summary>
/// A resource's value for one <c>_sort</c> key: a date in unix milliseconds, or a normalized text or
/// code; neither when the resource has no value for the key.
/// </summary>
public readonly record struct SearchSortValue(long? Number, string? Text)
{
    public static SearchSortValue Missing => default;

    public bool IsPresent => Number is not null || Text is not null;

    /// <summary>Orders two present values of the same key: numbers numerically, texts ordinally.</summary>
    public int CompareTo(SearchSortValue other) =>
        Number is { } number && other.Number is { } otherNumber
            ? number.CompareTo(otherNumber)
            : string.CompareOrdinal(Text, other.Text);
}
