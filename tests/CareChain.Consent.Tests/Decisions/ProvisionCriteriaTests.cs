using CareChain.Consent.Decisions;
using CareChain.Consent.Tests.Fixtures;
using Hl7.Fhir.Model;
using FhirConsent = Hl7.Fhir.Model.Consent;

namespace CareChain.Consent.Tests.Decisions;

/// <summary>One table per provision element: a permit root carrying only that criterion, and requests that do or do not meet it.</summary>
[Trait("Category", "Unit")]
public sealed class ProvisionCriteriaTests
{
    private const ConsentOutcome Permit = ConsentOutcome.Permit;
    private const ConsentOutcome Deny = ConsentOutcome.Deny;

    [Theory]
    [InlineData("Practitioner/123", null, "Practitioner/123", null, Permit)]
    [InlineData("Practitioner/123", null, "Practitioner/999", null, Deny)]
    [InlineData("Practitioner/123", "PRCP", "Practitioner/123", "PRCP", Permit)]
    [InlineData("Practitioner/123", "PRCP", "Practitioner/123", "CST", Deny)]
    [InlineData("Practitioner/123", "PRCP", "Practitioner/123", null, Deny)]
    [InlineData("Practitioner/123", "PRCP", "Practitioner/999", "PRCP", Deny)]
    [InlineData("practitioner/123", null, "Practitioner/123", null, Deny)]
    public void Actor_MatchesReferenceAndOptionalRole(string actor, string? role, string requestActor, string? requestRole, ConsentOutcome expected)
    {
        var root = Consents.Permit();
        root.Actor.Add(Consents.Actor(actor, role is null ? null : Codes.Role(role)));
        var request = Requests.Read() with
        {
            Actor = requestActor,
            ActorRoles = requestRole is null ? [] : [Codes.Role(requestRole)],
        };

        Assert.Equal(expected, Decide(root, request).Outcome);
    }

    [Fact]
    public void Actor_AnyListedActorSuffices()
    {
        var root = Consents.Permit();
        root.Actor.Add(Consents.Actor("Practitioner/1"));
        root.Actor.Add(Consents.Actor("Practitioner/123", Codes.Role("PRCP")));

        Assert.Equal(Permit, Decide(root, Requests.Read()).Outcome);
    }

    [Theory]
    [InlineData(Codes.ActReason, "TREAT", "TREAT", Permit)]
    [InlineData(Codes.ActReason, "TREAT", "ETREAT", Deny)]
    [InlineData(Codes.ActReason, "HRESCH", "TREAT", Deny)]
    [InlineData("http://example.org/other", "TREAT", "TREAT", Deny)]
    public void Purpose_MatchesBySystemAndCode(string system, string code, string requestPurpose, ConsentOutcome expected)
    {
        var root = Consents.Permit();
        root.Purpose.Add(new Coding(system, code));
        var request = Requests.Read() with { Purpose = Codes.Purpose(requestPurpose) };

        Assert.Equal(expected, Decide(root, request).Outcome);
    }

    [Theory]
    [InlineData("access", "access", Permit)]
    [InlineData("access", "disclose", Deny)]
    [InlineData("correct", "correct", Permit)]
    [InlineData("collect", "use", Deny)]
    public void Action_MatchesAnyActionCoding(string provisionAction, string requestAction, ConsentOutcome expected)
    {
        var root = Consents.Permit();
        root.Action.Add(new CodeableConcept(Codes.ConsentAction, provisionAction));
        var request = Requests.Read() with { Action = Codes.Action(requestAction) };

        Assert.Equal(expected, Decide(root, request).Outcome);
    }

    [Theory]
    [InlineData("http://hl7.org/fhir/resource-types", "Observation", "Observation", Permit)]
    [InlineData(null, "Observation", "Observation", Permit)]
    [InlineData("http://hl7.org/fhir/resource-types", "Observation", "Condition", Deny)]
    [InlineData("http://hl7.org/fhir/resource-types", "observation", "Observation", Deny)]
    [InlineData("http://example.org/profiles", "Observation", "Observation", Deny)]
    public void Class_MatchesResourceType(string? system, string code, string resourceType, ConsentOutcome expected)
    {
        var root = Consents.Permit();
        root.Class.Add(new Coding(system, code));
        var request = Requests.Read() with { ResourceType = resourceType };

        Assert.Equal(expected, Decide(root, request).Outcome);
    }

    [Theory]
    [InlineData(Codes.Loinc, "15074-8", Permit)]
    [InlineData(Codes.Loinc, "8302-2", Deny)]
    [InlineData("http://snomed.info/sct", "15074-8", Deny)]
    public void Code_MatchesAnyRequestCodingBySystemAndCode(string system, string code, ConsentOutcome expected)
    {
        var root = Consents.Permit();
        root.Code.Add(new CodeableConcept(system, code));

        Assert.Equal(expected, Decide(root, Requests.Read()).Outcome);
    }

    [Fact]
    public void Code_RequestWithoutCodes_DoesNotMeetACodePermit()
    {
        var root = Consents.Permit();
        root.Code.Add(new CodeableConcept(Codes.Loinc, "15074-8"));

        Assert.Equal(Deny, Decide(root, Requests.Read() with { Codes = [] }).Outcome);
    }

    [Theory]
    [InlineData("N", "N", Permit)]
    [InlineData("R", "N", Deny)]
    [InlineData("R", "R", Permit)]
    public void SecurityLabel_MatchesAnyLabel(string provisionLabel, string requestLabel, ConsentOutcome expected)
    {
        var root = Consents.Permit();
        root.SecurityLabel.Add(Codes.Label(provisionLabel));
        var request = Requests.Read() with { SecurityLabels = [Codes.Label(requestLabel)] };

        Assert.Equal(expected, Decide(root, request).Outcome);
    }

    [Theory]
    [InlineData("2024-01-01", "2024-12-31", Permit)]
    [InlineData("2024-06-15", "2024-06-15", Permit)]
    [InlineData("2023-01-01", "2024-06-14", Deny)]
    [InlineData("2024-06-16", null, Deny)]
    [InlineData(null, "2024-06-15", Permit)]
    public void Period_MustContainDecisionTime(string? start, string? end, ConsentOutcome expected)
    {
        var root = Consents.Permit();
        root.Period = new Period { Start = start, End = end };

        Assert.Equal(expected, Decide(root, Requests.Read()).Outcome);
    }

    [Theory]
    [InlineData("2024-01-01", "2024-01-31", Permit)]
    [InlineData("2023-01-01", "2023-12-31", Deny)]
    [InlineData("2024-02-01", null, Deny)]
    public void DataPeriod_MustContainDataTime(string? start, string? end, ConsentOutcome expected)
    {
        var root = Consents.Permit();
        root.DataPeriod = new Period { Start = start, End = end };

        Assert.Equal(expected, Decide(root, Requests.Read()).Outcome);
    }

    [Fact]
    public void DataPeriod_UnknownDataTime_NeverMeetsAPermit()
    {
        var root = Consents.Permit();
        root.DataPeriod = new Period { Start = "2024-01-01", End = "2024-01-31" };

        Assert.Equal(Deny, Decide(root, Requests.Read() with { DataTime = null }).Outcome);
    }

    [Fact]
    public void DataPeriod_UnknownDataTime_AlwaysMeetsADeny()
    {
        var exception = Consents.Deny();
        exception.DataPeriod = new Period { Start = "2015-01-01", End = "2015-02-01" };
        var root = Consents.Permit(exception);

        var decision = Decide(root, Requests.Read() with { DataTime = null });

        Assert.Equal(Deny, decision.Outcome);
        Assert.Equal("provision.provision[0]", decision.ProvisionPath);
    }

    [Fact]
    public void NoCriteria_MatchesEveryRequest()
    {
        var decision = Decide(Consents.Permit(), Requests.Read());

        Assert.Equal(new ConsentDecision(Permit, "c1", "provision", decision.Reason), decision);
    }

    [Fact]
    public void AllCriteria_MustHoldTogether()
    {
        var root = Consents.Permit();
        root.Purpose.Add(Codes.Purpose("TREAT"));
        root.Action.Add(new CodeableConcept(Codes.ConsentAction, "access"));
        root.Class.Add(new Coding("http://hl7.org/fhir/resource-types", "Observation"));

        Assert.Equal(Permit, Decide(root, Requests.Read()).Outcome);
        Assert.Equal(Deny, Decide(root, Requests.Read() with { ResourceType = "Condition" }).Outcome);
    }

    private static ConsentDecision Decide(FhirConsent.provisionComponent root, ConsentRequest request) =>
        ConsentEngine.Decide(request, [Consents.Active("c1", root)]);
}
