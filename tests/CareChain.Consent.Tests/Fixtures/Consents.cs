using Hl7.Fhir.Model;
using FhirConsent = Hl7.Fhir.Model.Consent;

namespace CareChain.Consent.Tests.Fixtures;

/// <summary>Builds minimal valid privacy consents so each test shows only the provisions it is about.</summary>
internal static class Consents
{
    public static FhirConsent Active(string id, FhirConsent.provisionComponent root) => new()
    {
        Id = id,
        Status = FhirConsent.ConsentState.Active,
        Scope = new CodeableConcept("http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy"),
        Patient = new ResourceReference("Patient/p1"),
        Provision = root,
    };

    public static FhirConsent.provisionComponent Permit(params FhirConsent.provisionComponent[] exceptions) =>
        Rule(FhirConsent.ConsentProvisionType.Permit, exceptions);

    public static FhirConsent.provisionComponent Deny(params FhirConsent.provisionComponent[] exceptions) =>
        Rule(FhirConsent.ConsentProvisionType.Deny, exceptions);

    public static FhirConsent.provisionActorComponent Actor(string reference, Coding? role = null)
    {
        var actor = new FhirConsent.provisionActorComponent { Reference = new ResourceReference(reference) };
        if (role is not null)
        {
            actor.Role = new CodeableConcept { Coding = [role] };
        }

        return actor;
    }

    private static FhirConsent.provisionComponent Rule(
        FhirConsent.ConsentProvisionType type,
        FhirConsent.provisionComponent[] exceptions) => new()
        {
            Type = type,
            Provision = [.. exceptions],
        };
}
