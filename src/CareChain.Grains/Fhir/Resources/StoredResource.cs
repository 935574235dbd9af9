namespace CareChain.Grains.Fhir.Resources;

/// <summary>
/// One version of a FHIR resource as a grain keeps it: the resource's JSON with <c>meta.versionId</c>
/// and <c>meta.lastUpdated</c> already stamped, or no JSON when this version is a deletion.
/// </summary>
[GenerateSerializer, Immutable, Alias("carechain.fhir.stored-resource")]
public sealed record StoredResource(
    [property: Id(0)] string ResourceType,
    [property: Id(1)] string Id,
    [property: Id(2)] int VersionId,
    [property: Id(3)] DateTimeOffset LastUpdated,
    [property: Id(4)] string? Json)
{
    /// <summary>True when this version records a deletion (FHIR answers 410 Gone for it).</summary>
    public bool IsDeleted => Json is null;

    /// <summary>The version-independent reference, e.g. <c>Observation/123</c>.</summary>
    public string Reference => ResourceType + "/" + Id;
}
