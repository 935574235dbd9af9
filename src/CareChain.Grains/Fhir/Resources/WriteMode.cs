namespace CareChain.Grains.Fhir.Resources;

/// <summary>How a write treats an id that already exists.</summary>
[GenerateSerializer, Alias("carechain.fhir.write-mode")]
public enum WriteMode
{
    /// <summary>FHIR create: the id is new; an existing one is a conflict.</summary>
    Create = 0,

    /// <summary>FHIR update: replaces the current version, or creates the resource with the client's id.</summary>
    Update = 1,
}
