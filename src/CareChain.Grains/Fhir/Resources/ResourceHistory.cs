namespace CareChain.Grains.Fhir.Resources;

/// <summary>
/// The persisted state of a resource-holding grain: every version of every resource it holds, oldest
/// first, keyed by the version-independent reference (<c>Observation/123</c>).
/// </summary>
[GenerateSerializer, Alias("carechain.fhir.resource-history")]
public sealed class ResourceHistory
{
    [Id(0)]
    public Dictionary<string, List<StoredResource>> Versions { get; set; } = [];
}
