using CareChain.Consent.Decisions;
using CareChain.Consent.Tests.Fixtures;
using Hl7.Fhir.Model;
using FhirConsent = Hl7.Fhir.Model.Consent;

namespace CareChain.Consent.Tests.Decisions;

/// <summary>Permit everything, except deny lab results (LOINC 15074-8), except permit them for emergency treatment.</summary>
[Trait("Category", "Unit")]
public sealed class NestingTests
{
    [Theory]
    [InlineData("8302-2", "TREAT", ConsentOutcome.Permit, "provision")]
    [InlineData("15074-8", "TREAT", ConsentOutcome.Deny, "provision.provision[0]")]
    [InlineData("15074-8", "ETREAT", ConsentOutcome.Permit, "provision.provision[0].provision[0]")]
    [InlineData("8302-2", "ETREAT", ConsentOutcome.Permit, "provision")]
    public void DeepestMatchingProvision_Decides(string loinc, string purpose, ConsentOutcome expected, string path)
    {
        var request = Requests.Read() with { Codes = [Codes.LoincCode(loinc)], Purpose = Codes.Purpose(purpose) };

        var decision = ConsentEngine.Decide(request, [Consents.Active("nested", PermitDenyPermit())]);

        Assert.Equal(expected, decision.Outcome);
        Assert.Equal("nested", decision.ConsentId);
        Assert.Equal(path, decision.ProvisionPath);
        Assert.Contains(path, decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void NestedException_DoesNotApplyWhenItsParentDoesNot()
    {
        // The ETREAT permit sits under the lab deny; it must not widen access beyond the lab codes.
        var emergencyPermit = Consents.Permit();
        emergencyPermit.Purpose.Add(Codes.Purpose("ETREAT"));
        var labDeny = Consents.Deny(emergencyPermit);
        labDeny.Code.Add(new CodeableConcept(Codes.Loinc, "15074-8"));
        var root = Consents.Deny(labDeny);
        root.Purpose.Add(Codes.Purpose("ETREAT"));
        var request = Requests.Read() with { Codes = [Codes.LoincCode("8302-2")], Purpose = Codes.Purpose("ETREAT") };

        var decision = ConsentEngine.Decide(request, [Consents.Active("c", root)]);

        Assert.Equal(ConsentOutcome.Deny, decision.Outcome);
        Assert.Equal("provision", decision.ProvisionPath);
    }

    [Fact]
    public void MatchingSiblings_DenyWins()
    {
        var permitTreat = Consents.Permit();
        permitTreat.Purpose.Add(Codes.Purpose("TREAT"));
        var denyLab = Consents.Deny();
        denyLab.Code.Add(new CodeableConcept(Codes.Loinc, "15074-8"));
        var root = Consents.Deny(permitTreat, denyLab);

        var decision = ConsentEngine.Decide(Requests.Read(), [Consents.Active("c", root)]);

        Assert.Equal(ConsentOutcome.Deny, decision.Outcome);
        Assert.Equal("provision.provision[1]", decision.ProvisionPath);
    }

    [Fact]
    public void UntypedProvision_IsReadAsDeny()
    {
        var untyped = new FhirConsent.provisionComponent();
        var root = Consents.Permit(untyped);

        var decision = ConsentEngine.Decide(Requests.Read(), [Consents.Active("c", root)]);

        Assert.Equal(ConsentOutcome.Deny, decision.Outcome);
        Assert.Equal("provision.provision[0]", decision.ProvisionPath);
    }

    private static FhirConsent.provisionComponent PermitDenyPermit()
    {
        var emergencyPermit = Consents.Permit();
        emergencyPermit.Purpose.Add(Codes.Purpose("ETREAT"));
        var labDeny = Consents.Deny(emergencyPermit);
        labDeny.Code.Add(new CodeableConcept(Codes.Loinc, "15074-8"));
        return Consents.Permit(labDeny);
    }
}
