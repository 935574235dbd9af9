namespace CareChain.Grains.Fhir.Search;

/// <summary>
/// The half-open instant range [<see cref="Low"/>, <see cref="High"/>) a FHIR date denotes, in unix
/// milliseconds; an open end is <see cref="long.MinValue"/> or <see cref="long.MaxValue"/>.
/// </summary>
internal readonly record struct DateRange(long Low, long High)
{
    public static readonly DateRange Unbounded = new(long.MinValue, long.MaxValue);

    /// <summary>FHIR R4 prefix semantics, comparing this (the resource's range) with the search value's range.</summary>
    public bool Satisfies(SearchPrefix prefix, long low, long high) => prefix switch
    {
        SearchPrefix.Eq => Low >= low && High <= high,
        SearchPrefix.Ne => !(Low >= low && High <= high),
        SearchPrefix.Gt => High > high,
        SearchPrefix.Lt => Low < low,
        SearchPrefix.Ge => High > high || (Low >= low && High <= high),
        SearchPrefix.Le => Low < low || (Low >= low && High <= high),
        SearchPrefix.Sa => Low >= high,
        SearchPrefix.Eb => High <= low,
        _ => false,
    };
}
