using CareChain.Consent.Decisions;
using CareChain.Consent.Tests.Fixtures;
using Hl7.Fhir.Model;
using FhirConsent = Hl7.Fhir.Model.Consent;

namespace CareChain.Consent.Tests.Decisions;

/// <summary>Only active patient-privacy consents whose root period contains the decision time are considered.</summary>
[Trait("Category", "Unit")]
public sealed class ApplicabilityTests
{
    [Theory]
    [InlineData(FhirConsent.ConsentState.Active, ConsentOutcome.Permit)]
    [InlineData(FhirConsent.ConsentState.Inactive, ConsentOutcome.Deny)]
    [InlineData(FhirConsent.ConsentState.Draft, ConsentOutcome.Deny)]
    [InlineData(FhirConsent.ConsentState.Proposed, ConsentOutcome.Deny)]
    [InlineData(FhirConsent.ConsentState.Rejected, ConsentOutcome.Deny)]
    [InlineData(FhirConsent.ConsentState.EnteredInError, ConsentOutcome.Deny)]
    public void OnlyActivePermits_Grant(FhirConsent.ConsentState status, ConsentOutcome expected)
    {
        var consent = Consents.Active("c", Consents.Permit());
        consent.Status = status;

        Assert.Equal(expected, ConsentEngine.Decide(Requests.Read(), [consent]).Outcome);
    }

    [Fact]
    public void RevokedDeny_NoLongerBlocksAnotherPermit()
    {
        var revoked = Consents.Active("revoked-deny", Consents.Deny());
        revoked.Status = FhirConsent.ConsentState.Inactive;

        var decision = ConsentEngine.Decide(Requests.Read(), [revoked, Consents.Active("permit", Consents.Permit())]);

        Assert.Equal(ConsentOutcome.Permit, decision.Outcome);
        Assert.Equal("permit", decision.ConsentId);
    }

    [Fact]
    public void MissingStatus_IsIgnored()
    {
        var consent = Consents.Active("c", Consents.Permit());
        consent.Status = null;

        Assert.Equal(ConsentDecision.DefaultDeny, ConsentEngine.Decide(Requests.Read(), [consent]));
    }

    [Theory]
    [InlineData("2020-01-01", "2024-06-14")] // expired the day before the decision
    [InlineData("2024-06-16", "2030-01-01")] // starts the day after the decision
    public void ExpiredOrFutureConsent_IsIgnored(string start, string end)
    {
        var permit = Consents.Permit();
        permit.Period = new Period { Start = start, End = end };
        var deny = Consents.Deny();
        deny.Period = new Period { Start = start, End = end };

        Assert.Equal(ConsentDecision.DefaultDeny, ConsentEngine.Decide(Requests.Read(), [Consents.Active("p", permit)]));
        Assert.Equal(
            ConsentOutcome.Permit,
            ConsentEngine.Decide(Requests.Read(), [Consents.Active("d", deny), Consents.Active("p2", Consents.Permit())]).Outcome);
    }

    [Theory]
    [InlineData("patient-privacy", ConsentOutcome.Permit)]
    [InlineData("research", ConsentOutcome.Deny)]
    [InlineData("treatment", ConsentOutcome.Deny)]
    [InlineData("adr", ConsentOutcome.Deny)]
    public void NonPrivacyScope_IsIgnored(string scope, ConsentOutcome expected)
    {
        var consent = Consents.Active("c", Consents.Permit());
        consent.Scope = new CodeableConcept("http://terminology.hl7.org/CodeSystem/consentscope", scope);

        Assert.Equal(expected, ConsentEngine.Decide(Requests.Read(), [consent]).Outcome);
    }

    [Fact]
    public void ConsentWithoutProvision_IsIgnored()
    {
        var consent = Consents.Active("c", Consents.Permit());
        consent.Provision = null;

        Assert.Equal(ConsentDecision.DefaultDeny, ConsentEngine.Decide(Requests.Read(), [consent]));
    }

    [Fact]
    public void RootCriteriaNotMet_ConsentDoesNotApply()
    {
        var deny = Consents.Deny();
        deny.Purpose.Add(Codes.Purpose("HRESCH"));

        var decision = ConsentEngine.Decide(Requests.Read(), [Consents.Active("research-deny", deny), Consents.Active("p", Consents.Permit())]);

        Assert.Equal(ConsentOutcome.Permit, decision.Outcome);
        Assert.Equal("p", decision.ConsentId);
    }
}
