using System.Globalization;
using CareChain.Consent.Decisions;
using Hl7.Fhir.Model;
using FhirConsent = Hl7.Fhir.Model.Consent;

namespace CareChain.Cli.Tests.Samples;

/// <summary>
/// Every row of the README's consent checks, decided by the real <see cref="ConsentEngine"/>
/// against the consents in the sample files, must give the decision the README documents.
/// </summary>
[Trait("Category", "Samples")]
public sealed class SampleConsentTests
{
    private const string ActReason = "http://terminology.hl7.org/CodeSystem/v3-ActReason";
    private const string ParticipationType = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";
    private static readonly Coding Access = new("http://terminology.hl7.org/CodeSystem/consentaction", "access");

    public static TheoryData<string, string, string, string, string, string, string, string> Checks
    {
        get
        {
            var data = new TheoryData<string, string, string, string, string, string, string, string>();
            foreach (var row in ReadmeTables.Rows("## Consent checks"))
            {
                Assert.Equal(8, row.Count);
                data.Add(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7]);
            }

            return data;
        }
    }

    [Fact]
    public void Readme_checks_cover_every_patient_and_both_outcomes()
    {
        var rows = ReadmeTables.Rows("## Consent checks");
        var patients = SampleFolder.ReadAll().Values
            .Select(bundle => bundle.Entry.Select(entry => entry.Resource).OfType<Patient>().Single().Id);

        Assert.Equal(patients.Order(StringComparer.Ordinal), rows.Select(row => row[0]).Distinct().Order(StringComparer.Ordinal));
        Assert.Contains(rows, row => row[6] == "Permit");
        Assert.Contains(rows, row => row[6] == "Deny" && row[7].Contains("provision.provision[0]", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Checks))]
    public void Consent_check_from_the_readme_holds(
        string patient, string actor, string role, string purpose, string loinc, string at, string decision, string decidedBy)
    {
        var request = new ConsentRequest(
            actor,
            role == "-" ? [] : [new Coding(ParticipationType, role)],
            new Coding(ActReason, purpose),
            Access,
            "Observation",
            [new Coding("http://loinc.org", loinc)],
            [],
            DateTimeOffset.Parse("2026-10-01T00:00:00Z", CultureInfo.InvariantCulture),
            DateTimeOffset.Parse(at, CultureInfo.InvariantCulture));

        var result = ConsentEngine.Decide(request, ConsentsOf(patient));

        Assert.Equal(Enum.Parse<ConsentOutcome>(decision), result.Outcome);
        if (decidedBy == "-")
        {
            Assert.Null(result.ConsentId);
            Assert.Equal(ConsentDecision.DefaultDenyReason, result.Reason);
        }
        else
        {
            var parts = decidedBy.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(parts[0], result.ConsentId);
            Assert.Equal(parts[1], result.ProvisionPath);
        }
    }

    [Fact]
    public void Every_consent_is_a_typed_patient_privacy_consent_about_its_patient()
    {
        foreach (var bundle in SampleFolder.ReadAll().Values)
        {
            var patient = bundle.Entry.Select(entry => entry.Resource).OfType<Patient>().Single();
            foreach (var consent in bundle.Entry.Select(entry => entry.Resource).OfType<FhirConsent>())
            {
                Assert.Equal($"Patient/{patient.Id}", consent.Patient!.Reference);
                var scope = Assert.Single(consent.Scope!.Coding);
                Assert.Equal(("http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy"), (scope.System, scope.Code));
                var category = Assert.Single(Assert.Single(consent.Category).Coding);
                Assert.Equal(("http://loinc.org", "59284-0"), (category.System, category.Code));

                // ppc-1: a policy or a policy rule.
                Assert.True(consent.Policy.Count > 0 || consent.PolicyRule is not null);
                Assert.Equal(FhirConsent.ConsentProvisionType.Permit, consent.Provision!.Type);
                Assert.All(consent.Provision.Provision, nested => Assert.NotNull(nested.Type));
            }
        }
    }

    [Fact]
    public void The_revoked_consent_would_permit_if_it_were_active()
    {
        // Guards the "revoked" row: without this, an inactive consent that never granted anything would pass too.
        var consent = (FhirConsent)ConsentsOf("pat-esme").Single().DeepCopy();
        consent.Status = FhirConsent.ConsentState.Active;
        var request = new ConsentRequest(
            "Practitioner/dr-lee",
            [new Coding(ParticipationType, "PRCP")],
            new Coding(ActReason, "TREAT"),
            Access,
            "Observation",
            [new Coding("http://loinc.org", "2345-7")],
            [],
            null,
            DateTimeOffset.Parse("2026-11-01T12:00:00Z", CultureInfo.InvariantCulture));

        Assert.Equal(ConsentOutcome.Permit, ConsentEngine.Decide(request, [consent]).Outcome);
    }

    private static List<FhirConsent> ConsentsOf(string patientId) =>
        SampleFolder.ReadAll().Values
            .Single(bundle => bundle.Entry.Select(entry => entry.Resource).OfType<Patient>().Single().Id == patientId)
            .Entry.Select(entry => entry.Resource).OfType<FhirConsent>().ToList();
}
