namespace CareChain.Grains.Fhir.Search;

/// <summary>
/// One row of the search index for a resource. Tokens give two terms each, <c>system|code</c> (system
/// empty when the coding has none, so <c>|code</c> queries hit it) and the bare <c>code</c>; strings give
/// their <see cref="SearchText.Normalize"/>d text; dates give their range in unix milliseconds with open
/// ends as <see cref="long.MinValue"/> and <see cref="long.MaxValue"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("carechain.fhir.search.term")]
public sealed record SearchTerm(
    [property: Id(0)] string Parameter,
    [property: Id(1)] string? Value,
    [property: Id(2)] long? Low,
    [property: Id(3)] long? High);
