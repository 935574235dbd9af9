using System.Globalization;
using Hl7.Fhir.Model;
using FhirConsent = Hl7.Fhir.Model.Consent;

namespace CareChain.Benchmarks.Fhir;

/// <summary>
/// The FHIR resources the FHIR benchmarks seed: patients, lab Observations, and consents ranging from
/// the plain treatment consent to ones with nested exceptions, other actors, data periods and a revocation.
/// </summary>
internal static class ClinicalResources
{
    public const string Loinc = "http://loinc.org";
    public const string Glucose = "2345-7";
    public const string HbA1c = "4548-4";
    public const string Practitioner = "dr-lee";
    public const string PractitionerReference = "Practitioner/" + Practitioner;

    /// <summary>The scope the reading practitioner's token carries.</summary>
    public const string PractitionerScope = "user/Observation.rs";

    private const string ActReason = "http://terminology.hl7.org/CodeSystem/v3-ActReason";
    private const string ParticipationType = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";
    private const string ResourceTypes = "http://hl7.org/fhir/resource-types";
    private const string Confidentiality = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality";

    public static Patient Patient(string id) => new()
    {
        Id = id,
        Identifier = [new Identifier("https://carechain.example/mrn", "MRN-" + id)],
        Name = [new HumanName { Family = "Benchperson", Given = ["Alex"] }],
        Gender = AdministrativeGender.Female,
        BirthDate = "1980-04-02",
    };

    public static Observation Observation(string patientId, string id, string code, int index) => new()
    {
        Id = id,
        Status = ObservationStatus.Final,
        Category = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/observation-category", "laboratory")],
        Code = new CodeableConcept(Loinc, code),
        Subject = new ResourceReference("Patient/" + patientId),
        Effective = new FhirDateTime(new DateTimeOffset(2026, 3, 1, 9, 30, 0, TimeSpan.Zero).AddDays(-index)),
        Value = new Quantity(90 + index, "mg/dL", "http://unitsofmeasure.org"),
    };

    /// <summary>The patient permits dr-lee to access Observations for treatment (no exceptions).</summary>
    public static FhirConsent TreatmentConsent(string patientId, string id) =>
        Consent(patientId, id, FhirConsent.ConsentState.Active, new FhirConsent.provisionComponent
        {
            Type = FhirConsent.ConsentProvisionType.Permit,
            Actor = [Actor(PractitionerReference, "PRCP")],
            Purpose = [new Coding(ActReason, "TREAT")],
            Class = [new Coding(ResourceTypes, "Observation")],
        });

    /// <summary>
    /// Five consents of one patient, as a patient who has used the app for a while would have: the
    /// treatment consent with two nested exceptions, a deny for another practitioner, a revoked
    /// blanket permit, a research consent, and a deny of old data with an emergency exception. A
    /// treatment read of a recent glucose result by dr-lee is permitted by the first one, and the engine
    /// must look at all of them to be sure no deny applies.
    /// </summary>
    public static IReadOnlyList<FhirConsent> MixedConsents(string patientId) =>
    [
        Consent(patientId, "treat-dr-lee", FhirConsent.ConsentState.Active, new FhirConsent.provisionComponent
        {
            Type = FhirConsent.ConsentProvisionType.Permit,
            Actor = [Actor(PractitionerReference, "PRCP")],
            Purpose = [new Coding(ActReason, "TREAT")],
            Class = [new Coding(ResourceTypes, "Observation")],
            Provision =
            [
                // Not the HbA1c results...
                new FhirConsent.provisionComponent { Type = FhirConsent.ConsentProvisionType.Deny, Code = [new CodeableConcept(Loinc, HbA1c)] },

                // ...nor anything labelled restricted, unless it was recorded this year.
                new FhirConsent.provisionComponent
                {
                    Type = FhirConsent.ConsentProvisionType.Deny,
                    SecurityLabel = [new Coding(Confidentiality, "R")],
                    Provision =
                    [
                        new FhirConsent.provisionComponent
                        {
                            Type = FhirConsent.ConsentProvisionType.Permit,
                            DataPeriod = new Period { Start = "2026-01-01T00:00:00Z" },
                        },
                    ],
                },
            ],
        }),
        Consent(patientId, "deny-dr-evil", FhirConsent.ConsentState.Active, new FhirConsent.provisionComponent
        {
            Type = FhirConsent.ConsentProvisionType.Deny,
            Actor = [Actor("Practitioner/dr-evil", "PRCP")],
        }),
        Consent(patientId, "revoked-blanket", FhirConsent.ConsentState.Inactive, new FhirConsent.provisionComponent
        {
            Type = FhirConsent.ConsentProvisionType.Permit,
            Actor = [Actor(PractitionerReference, "PRCP")],
        }),
        Consent(patientId, "research", FhirConsent.ConsentState.Active, new FhirConsent.provisionComponent
        {
            Type = FhirConsent.ConsentProvisionType.Permit,
            Actor = [Actor("Organization/research-unit", "IRCP")],
            Purpose = [new Coding(ActReason, "HRESCH")],
            Class = [new Coding(ResourceTypes, "Observation")],
            Provision =
            [
                new FhirConsent.provisionComponent
                {
                    Type = FhirConsent.ConsentProvisionType.Deny,
                    DataPeriod = new Period { End = "2019-12-31T23:59:59Z" },
                },
            ],
        }),
        Consent(patientId, "deny-old-data", FhirConsent.ConsentState.Active, new FhirConsent.provisionComponent
        {
            Type = FhirConsent.ConsentProvisionType.Deny,
            Class = [new Coding(ResourceTypes, "Observation")],
            DataPeriod = new Period { End = "2010-12-31T23:59:59Z" },
            Provision =
            [
                new FhirConsent.provisionComponent
                {
                    Type = FhirConsent.ConsentProvisionType.Permit,
                    Purpose = [new Coding(ActReason, "ETREAT")],
                },
            ],
        }),
    ];

    public static string Id(string prefix, int index) => prefix + index.ToString(CultureInfo.InvariantCulture);

    private static FhirConsent Consent(string patientId, string id, FhirConsent.ConsentState status, FhirConsent.provisionComponent provision) => new()
    {
        Id = id,
        Status = status,
        Scope = new CodeableConcept("http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy"),
        Category = [new CodeableConcept(Loinc, "59284-0")],
        Patient = new ResourceReference("Patient/" + patientId),
        Policy = [new FhirConsent.PolicyComponent { Uri = "https://carechain.example/policy/treatment" }],
        Provision = provision,
    };

    private static FhirConsent.provisionActorComponent Actor(string reference, string role) => new()
    {
        Role = new CodeableConcept(ParticipationType, role),
        Reference = new ResourceReference(reference),
    };
}
