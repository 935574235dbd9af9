namespace CareChain.Grains.Fhir.Search;

/// <summary>Date comparison prefixes of FHIR R4 search; <see cref="Eq"/> when none is given.</summary>
[GenerateSerializer, Alias("carechain.fhir.search.prefix")]
public enum SearchPrefix
{
    Eq,
    Ne,
    Gt,
    Lt,
    Ge,
    Le,
    Sa,
    Eb,
}
