using Hl7.Fhir.Model;
using FhirConsent = Hl7.Fhir.Model.Consent;

namespace CareChain.Server.Tests.Fhir.Support;

/// <summary>Small, valid FHIR resources for the end-to-end tests, in clinical terms.</summary>
internal static class ClinicalData
{
    public const string Loinc = "http://loinc.org";
    public const string Glucose = "2345-7";
    public const string HbA1c = "4548-4";

    public static Patient Patient(string id) => new()
    {
        Id = id,
        Identifier = [new Identifier("https://carechain.example/mrn", "MRN-" + id)],
        Name = [new HumanName { Family = "Testperson", Given = ["Alex"] }],
        Gender = AdministrativeGender.Female,
        BirthDate = "1980-04-02",
    };

    public static Observation Observation(string patientId, string code, decimal value, string unit, string? id = null) => new()
    {
        Id = id,
        Status = ObservationStatus.Final,
        Category = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/observation-category", "laboratory")],
        Code = new CodeableConcept(Loinc, code),
        Subject = new ResourceReference("Patient/" + patientId),
        Effective = new FhirDateTime("2026-03-01T09:30:00Z"),
        Value = new Quantity(value, unit, "http://unitsofmeasure.org"),
    };

    /// <summary>The patient permits <paramref name="practitioner"/> to access Observations for treatment.</summary>
    public static FhirConsent TreatmentConsent(string patientId, string practitioner, string? id = null) => new()
    {
        Id = id,
        Status = FhirConsent.ConsentState.Active,
        Scope = new CodeableConcept("http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy"),
        Category = [new CodeableConcept(Loinc, "59284-0")],
        Patient = new ResourceReference("Patient/" + patientId),
        Policy = [new FhirConsent.PolicyComponent { Uri = "https://carechain.example/policy/treatment" }],
        Provision = new FhirConsent.provisionComponent
        {
            Type = FhirConsent.ConsentProvisionType.Permit,
            Actor =
            [
                new FhirConsent.provisionActorComponent
                {
                    Role = new CodeableConcept("http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "PRCP"),
                    Reference = new ResourceReference("Practitioner/" + practitioner),
                },
            ],
            Purpose = [new Coding("http://terminology.hl7.org/CodeSystem/v3-ActReason", "TREAT")],
            Class = [new Coding("http://hl7.org/fhir/resource-types", "Observation")],
        },
    };
}
