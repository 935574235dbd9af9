namespace CareChain.Grains.Consents;

/// <summary>
/// A request for a patient's data, as the FHIR layer hands it to the patient's consents grain. Codings
/// are <c>system|code</c> strings so the request crosses the grain boundary as plain data.
/// </summary>
/// <param name="Actor">FHIR reference of who asks, e.g. <c>Practitioner/123</c>.</param>
/// <param name="ActorRoles">Roles the actor acts in, as <c>system|code</c>.</param>
/// <param name="Purpose">Purpose of use, a v3 ActReason code such as TREAT.</param>
/// <param name="Action">A consentaction code: access, collect, use, disclose or correct.</param>
/// <param name="ResourceType">FHIR type of the data.</param>
/// <param name="Codes">Codings of the data (e.g. LOINC), as <c>system|code</c>.</param>
/// <param name="SecurityLabels">Security labels of the data, as <c>system|code</c>.</param>
/// <param name="DataTime">When the data was recorded, if known.</param>
[GenerateSerializer, Immutable, Alias("carechain.consents.access-request")]
public sealed record AccessRequest(
    [property: Id(0)] string Actor,
    [property: Id(1)] IReadOnlyList<string> ActorRoles,
    [property: Id(2)] string Purpose,
    [property: Id(3)] string Action,
    [property: Id(4)] string ResourceType,
    [property: Id(5)] IReadOnlyList<string> Codes,
    [property: Id(6)] IReadOnlyList<string> SecurityLabels,
    [property: Id(7)] DateTimeOffset? DataTime);
