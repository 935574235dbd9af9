namespace CareChain.Grains.Fhir.Resources;

/// <summary>
/// A validated create or update the FHIR layer asks a grain to apply. The JSON is the resource as the
/// client sent it, already checked; the grain stamps the version and time.
/// </summary>
/// <param name="ResourceType">FHIR type; must be one the grain holds.</param>
/// <param name="Id">The resource id, assigned by the server on create.</param>
/// <param name="Json">The resource's JSON.</param>
/// <param name="Mode">Create refuses an existing id; update creates or replaces.</param>
/// <param name="IfMatch">The version the client expects to replace (<c>If-Match</c>); null for none.</param>
[GenerateSerializer, Immutable, Alias("carechain.fhir.resource-write")]
public sealed record ResourceWrite(
    [property: Id(0)] string ResourceType,
    [property: Id(1)] string Id,
    [property: Id(2)] string Json,
    [property: Id(3)] WriteMode Mode,
    [property: Id(4)] int? IfMatch);
