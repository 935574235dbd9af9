using System.Diagnostics.CodeAnalysis;

namespace CareChain.Grains.Fhir.Search;

/// <summary>The FHIR search parameter types CareChain supports.</summary>
[GenerateSerializer, Alias("carechain.fhir.search.parameter-type")]
public enum SearchParameterType
{
    Token,
    [SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "FHIR's own name for the parameter type.")]
    String,
    Date,
    Reference,
}
