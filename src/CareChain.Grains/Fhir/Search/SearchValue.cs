namespace CareChain.Grains.Fhir.Search;

/// <summary>
/// One value of a criterion (comma-separated values are OR-ed), parsed once so matching is cheap.
/// </summary>
/// <param name="Raw">The value as written in the request, with FHIR escapes (<c>\,</c> <c>\|</c> <c>\$</c> <c>\\</c>) kept; used to rebuild query strings.</param>
/// <param name="Prefix">Date parameters: the comparison; <see cref="SearchPrefix.Eq"/> for other types.</param>
/// <param name="System">
/// Token parameters: null for <c>code</c> (any system), empty for <c>|code</c> (no system), else the system.
/// Reference parameters: the resource type, or null when any type matches.
/// </param>
/// <param name="Code">
/// Token parameters: the code, or null for <c>system|</c>. String parameters: the text to compare,
/// normalized (<see cref="SearchText.Normalize"/>) unless the modifier is <c>:exact</c>.
/// Reference parameters: the resource id.
/// </param>
/// <param name="Low">Date parameters: the first instant of the value's range, unix milliseconds.</param>
/// <param name="High">Date parameters: the first instant after the value's range, unix milliseconds.</param>
[GenerateSerializer, Immutable, Alias("carechain.fhir.search.value")]
public sealed record SearchValue(
    [property: Id(0)] string Raw,
    [property: Id(1)] SearchPrefix Prefix,
    [property: Id(2)] string? System,
    [property: Id(3)] string? Code,
    [property: Id(4)] long Low,
    [property: Id(5)] long High);
