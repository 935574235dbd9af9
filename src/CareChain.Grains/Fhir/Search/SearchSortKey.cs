namespace CareChain.Grains.Fhir.Search;

/// <summary>One key of a <c>_sort</c>: a date, string or <c>_id</c> parameter, ascending unless written with a leading <c>-</c>.</summary>
[GenerateSerializer, Immutable, Alias("carechain.fhir.search.sort-key")]
public sealed record SearchSortKey([property: Id(0)] string Parameter, [property: Id(1)] bool Descending)
{
    /// <summary>The key as <c>_sort</c> writes it: <c>date</c> or <c>-date</c>.</summary>
    public override string ToString() => Descending ? "-" + Parameter : Parameter;
}
