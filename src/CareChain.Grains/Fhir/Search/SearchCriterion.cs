namespace CareChain.Grains.Fhir.Search;

/// <summary>
/// One applied search parameter: a resource matches when it matches any of <see cref="Values"/>
/// (or, with <c>:not</c>, none of them). Repeating a parameter gives several criteria, all of which must hold.
/// </summary>
/// <param name="Parameter">The parameter name without modifier, e.g. <c>birthdate</c>.</param>
/// <param name="Modifier">The modifier without the colon (<c>exact</c>, <c>contains</c>, <c>not</c>, or a resource type on references), or null.</param>
/// <param name="Values">At least one value.</param>
[GenerateSerializer, Immutable, Alias("carechain.fhir.search.criterion")]
public sealed record SearchCriterion(
    [property: Id(0)] string Parameter,
    [property: Id(1)] string? Modifier,
    [property: Id(2)] IReadOnlyList<SearchValue> Values)
{
    /// <summary>The parameter as written in a query string, with its modifier.</summary>
    public string Name => Modifier is null ? Parameter : Parameter + ":" + Modifier;
}
