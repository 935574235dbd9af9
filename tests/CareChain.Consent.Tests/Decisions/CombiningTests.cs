using CareChain.Consent.Decisions;
using CareChain.Consent.Tests.Fixtures;
using Hl7.Fhir.Model;

namespace CareChain.Consent.Tests.Decisions;

/// <summary>Several consents for one patient: any applicable deny wins, else any permit, else deny by default.</summary>
[Trait("Category", "Unit")]
public sealed class CombiningTests
{
    [Fact]
    public void NoConsents_DeniesByDefault()
    {
        var decision = ConsentEngine.Decide(Requests.Read(), []);

        Assert.Equal(ConsentDecision.DefaultDeny, decision);
        Assert.Equal("no active consent permits this request", decision.Reason);
    }

    [Fact]
    public void OverlappingPermitAndDeny_DenyWinsWhateverTheOrder()
    {
        var permitAll = Consents.Active("permit-all", Consents.Permit());
        var denyLabs = Consents.Deny();
        denyLabs.Code.Add(new CodeableConcept(Codes.Loinc, "15074-8"));
        var denyLab = Consents.Active("deny-lab", denyLabs);

        var first = ConsentEngine.Decide(Requests.Read(), [permitAll, denyLab]);
        var second = ConsentEngine.Decide(Requests.Read(), [denyLab, permitAll]);

        Assert.Equal(new ConsentDecision(ConsentOutcome.Deny, "deny-lab", "provision", first.Reason), first);
        Assert.Equal(first, second);
    }

    [Fact]
    public void DenyThatDoesNotApply_LeavesPermitStanding()
    {
        var permitAll = Consents.Active("permit-all", Consents.Permit());
        var denyOther = Consents.Deny();
        denyOther.Actor.Add(Consents.Actor("Practitioner/999"));

        var decision = ConsentEngine.Decide(Requests.Read(), [Consents.Active("deny-other", denyOther), permitAll]);

        Assert.Equal(ConsentOutcome.Permit, decision.Outcome);
        Assert.Equal("permit-all", decision.ConsentId);
    }

    [Fact]
    public void SeveralPermits_FirstIsNamed()
    {
        var decision = ConsentEngine.Decide(
            Requests.Read(),
            [Consents.Active("a", Consents.Permit()), Consents.Active("b", Consents.Permit())]);

        Assert.Equal(ConsentOutcome.Permit, decision.Outcome);
        Assert.Equal("a", decision.ConsentId);
    }

    [Fact]
    public void PermitExceptionInsideDenyConsent_IsOverriddenByAnotherConsentsDeny()
    {
        var treatPermit = Consents.Permit();
        treatPermit.Purpose.Add(Codes.Purpose("TREAT"));
        var optOut = Consents.Active("opt-out", Consents.Deny(treatPermit));
        var denyActor = Consents.Deny();
        denyActor.Actor.Add(Consents.Actor("Practitioner/123"));

        var decision = ConsentEngine.Decide(Requests.Read(), [optOut, Consents.Active("not-them", denyActor)]);

        Assert.Equal(ConsentOutcome.Deny, decision.Outcome);
        Assert.Equal("not-them", decision.ConsentId);
    }
}
