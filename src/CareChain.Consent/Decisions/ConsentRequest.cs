using Hl7.Fhir.Model;

namespace CareChain.Consent.Decisions;

/// <summary>
/// Everything the engine may look at when deciding; the decision is a pure function of this and the consents,
/// so the moment of the decision is carried here instead of being read from a clock.
/// </summary>
/// <param name="Actor">FHIR reference of who asks, e.g. <c>Practitioner/123</c>; compared ordinally.</param>
/// <param name="ActorRoles">Roles the actor acts in (e.g. v3 ParticipationType); may be empty.</param>
/// <param name="Purpose">Purpose of use, a v3 ActReason coding such as TREAT or ETREAT.</param>
/// <param name="Action">A consentaction coding: access, collect, use, disclose or correct.</param>
/// <param name="ResourceType">FHIR resource type of the data, e.g. <c>Observation</c>.</param>
/// <param name="Codes">Codings of the data (e.g. LOINC); may be empty.</param>
/// <param name="SecurityLabels">Security labels on the data; may be empty.</param>
/// <param name="DataTime">When the data was recorded, if known.</param>
/// <param name="Time">The moment of the decision.</param>
public sealed record ConsentRequest(
    string Actor,
    IReadOnlyList<Coding> ActorRoles,
    Coding Purpose,
    Coding Action,
    string ResourceType,
    IReadOnlyList<Coding> Codes,
    IReadOnlyList<Coding> SecurityLabels,
    DateTimeOffset? DataTime,
    DateTimeOffset Time);
