using System.Text.Json;
using CareChain.Grains.Ledger.Details;
using CareChain.Ledger.Entries;
using CareChain.Server.Fhir.Audit;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Validation;

namespace CareChain.Server.Tests.Fhir.Audit;

public sealed class AuditEventViewTests
{
    private static readonly string Doctor = new('d', 64);
    private static readonly string Patient = new('a', 64);
    private static readonly string Observation = new('1', 64);
    private static readonly string Forgotten = new('2', 64);
    private static readonly DateTimeOffset Time = new(2026, 3, 1, 8, 30, 15, 250, TimeSpan.Zero);

    private static readonly Dictionary<string, string> Directory = new(StringComparer.Ordinal)
    {
        [Doctor] = "Practitioner/dr-7",
        [Patient] = "Patient/123",
        [Observation] = "Observation/obs-9",
    };

    [Theory]
    [InlineData("read", "read", AuditEvent.AuditEventAction.R)]
    [InlineData("vread", "vread", AuditEvent.AuditEventAction.R)]
    [InlineData("history", "history-instance", AuditEvent.AuditEventAction.R)]
    [InlineData("search", "search-type", AuditEvent.AuditEventAction.E)]
    [InlineData("create", "create", AuditEvent.AuditEventAction.C)]
    [InlineData("update", "update", AuditEvent.AuditEventAction.U)]
    [InlineData("delete", "delete", AuditEvent.AuditEventAction.D)]
    [InlineData("transaction", "transaction", AuditEvent.AuditEventAction.E)]
    public void Each_rest_action_maps_to_its_interaction_subtype_and_action_code(string action, string subtype, AuditEvent.AuditEventAction code)
    {
        var audit = AuditEventView.ToAuditEvent(Entry() with { Action = action }, Directory);

        Assert.Equal("http://terminology.hl7.org/CodeSystem/audit-event-type", audit.Type.System);
        Assert.Equal("rest", audit.Type.Code);
        var coding = Assert.Single(audit.Subtype);
        Assert.Equal("http://hl7.org/fhir/restful-interaction", coding.System);
        Assert.Equal(subtype, coding.Code);
        Assert.Equal(code, audit.Action);
    }

    [Fact]
    public void An_action_outside_the_rest_interactions_has_no_subtype_and_is_execute()
    {
        var audit = AuditEventView.ToAuditEvent(Entry() with { Action = "consent.update" }, Directory);

        Assert.Empty(audit.Subtype);
        Assert.Equal(AuditEvent.AuditEventAction.E, audit.Action);
        AssertValid(audit);
    }

    [Theory]
    [InlineData("permit", "Consent/c-1", "provision.provision[0]", AuditEvent.AuditEventOutcome.N0, "permitted by Consent/c-1 provision.provision[0]")]
    [InlineData("permit", null, null, AuditEvent.AuditEventOutcome.N0, "permitted")]
    [InlineData("deny", null, null, AuditEvent.AuditEventOutcome.N4, "denied: no consent permits this access")]
    [InlineData("deny", "Consent/c-2", "provision", AuditEvent.AuditEventOutcome.N4, "denied by Consent/c-2 provision")]
    [InlineData("error", null, null, AuditEvent.AuditEventOutcome.N8, "error: the access could not be decided")]
    public void The_outcome_and_its_description_name_the_decision(
        string outcome, string? consent, string? provision, AuditEvent.AuditEventOutcome code, string description)
    {
        var audit = AuditEventView.ToAuditEvent(Entry() with { Outcome = outcome, Consent = consent, Provision = provision }, Directory);

        Assert.Equal(code, audit.Outcome);
        Assert.Equal(description, audit.OutcomeDesc);
        AssertValid(audit);
    }

    [Fact]
    public void The_deciding_consent_is_an_entity_carrying_the_provision_path()
    {
        var audit = AuditEventView.ToAuditEvent(Entry() with { Consent = "Consent/c-1", Provision = "provision.provision[1]" }, Directory);

        var consent = Assert.Single(audit.Entity, entity => entity.What?.Reference == "Consent/c-1");
        Assert.Equal("http://terminology.hl7.org/CodeSystem/object-role", consent.Role!.System);
        Assert.Equal("13", consent.Role.Code);
        var detail = Assert.Single(consent.Detail);
        Assert.Equal("provision", detail.Type);
        Assert.Equal("provision.provision[1]", Assert.IsType<FhirString>(detail.Value).Value);
    }

    [Fact]
    public void Resolved_pseudonyms_become_references_and_keep_their_identifier()
    {
        var audit = AuditEventView.ToAuditEvent(Entry(), Directory);

        var agent = Assert.Single(audit.Agent);
        Assert.Equal("Practitioner/dr-7", agent.Who!.Reference);
        Assert.Equal("Practitioner", agent.Who.Type);
        Assert.Equal(AuditEventView.PseudonymSystem, agent.Who!.Identifier!.System);
        Assert.Equal(Doctor, agent.Who.Identifier.Value);
        Assert.True(agent.Requestor);
        var patient = Assert.Single(audit.Entity, entity => entity.Role?.Code == "1");
        Assert.Equal("Patient/123", patient.What!.Reference);
        Assert.Equal(Patient, patient.What!.Identifier!.Value);
        var resource = Assert.Single(audit.Entity, entity => entity.Role?.Code == "4");
        Assert.Equal("Observation/obs-9", resource.What!.Reference);
        Assert.Equal("http://terminology.hl7.org/CodeSystem/object-role", resource.Role!.System);
    }

    [Fact]
    public void Unresolved_pseudonyms_show_as_identifiers_only()
    {
        var audit = AuditEventView.ToAuditEvent(Entry() with { Resources = [Observation, Forgotten] }, new Dictionary<string, string>());

        var who = Assert.Single(audit.Agent).Who;
        Assert.Null(who!.Reference);
        Assert.Equal(Doctor, who!.Identifier!.Value);
        Assert.All(audit.Entity.Where(entity => entity.Role?.Code is "1" or "4"), entity =>
        {
            Assert.Null(entity.What!.Reference);
            Assert.Equal(AuditEventView.PseudonymSystem, entity.What!.Identifier!.System);
        });
        Assert.Equal(
            [Patient, Observation, Forgotten],
            audit.Entity.Where(entity => entity.Role?.Code is "1" or "4").Select(entity => entity.What!.Identifier!.Value));
        Assert.Equal("Observation", audit.Entity.Single(entity => entity.What?.Identifier?.Value == Forgotten).What!.Type);
        AssertValid(audit);
    }

    [Fact]
    public void Break_the_glass_shows_emergency_purpose_on_the_event_and_the_agent()
    {
        var audit = AuditEventView.ToAuditEvent(Entry() with { Purpose = "TREAT", Details = "break-glass" }, Directory);

        Assert.Equal(["TREAT", "ETREAT"], audit.PurposeOfEvent.Select(purpose => purpose.Coding.Single().Code));
        Assert.All(audit.PurposeOfEvent, purpose => Assert.Equal("http://terminology.hl7.org/CodeSystem/v3-ActReason", purpose.Coding.Single().System));
        Assert.Contains(Assert.Single(audit.Agent).PurposeOfUse, purpose => purpose.Coding.Single().Code == "ETREAT");
        Assert.Contains("break-the-glass", audit.OutcomeDesc, StringComparison.Ordinal);
        AssertValid(audit);
    }

    [Fact]
    public void Emergency_purpose_with_details_is_break_the_glass_too()
    {
        var audit = AuditEventView.ToAuditEvent(Entry() with { Purpose = "ETREAT", Details = "unconscious patient" }, Directory);

        Assert.Equal(["ETREAT"], audit.PurposeOfEvent.Select(purpose => purpose.Coding.Single().Code));
        Assert.Contains("break-the-glass", audit.OutcomeDesc, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DetailState.Readable, "patient unconscious")]
    [InlineData(DetailState.Erased, "justification erased at the patient's request")]
    [InlineData(DetailState.Missing, "justification unavailable")]
    [InlineData(DetailState.Altered, "justification altered: the stored text does not match the ledger")]
    public void A_sealed_justification_is_the_text_of_the_emergency_purpose(DetailState state, string expected)
    {
        var digest = new string('a', 64);
        var entry = Entry() with { Purpose = "ETREAT", Details = "break-glass justification:" + digest };
        var opened = new Dictionary<string, OpenedDetail>
        {
            [digest] = new(state, state == DetailState.Readable ? "patient unconscious" : null),
        };

        var audit = AuditEventView.ToAuditEvent(entry, Directory, entryHash: null, AuditEventView.JustificationOf(entry, opened));

        Assert.Equal(expected, Assert.Single(audit.PurposeOfEvent).Text);
        Assert.Equal([new SealedDetailReference(entry.Patient!, digest)], AuditEventView.JustificationsOf([entry, Entry()]));
        Assert.Contains("break-the-glass", audit.OutcomeDesc, StringComparison.Ordinal);
        AssertValid(audit);
    }

    [Fact]
    public void Ordinary_access_is_not_break_the_glass()
    {
        var audit = AuditEventView.ToAuditEvent(Entry(), Directory);

        Assert.Equal(["TREAT"], audit.PurposeOfEvent.Select(purpose => purpose.Coding.Single().Code));
        Assert.Equal(["TREAT"], audit.Agent.Single().PurposeOfUse.Select(purpose => purpose.Coding.Single().Code));
        Assert.DoesNotContain("break-the-glass", audit.OutcomeDesc, StringComparison.Ordinal);
    }

    [Fact]
    public void Identity_time_source_and_ledger_position_come_from_the_entry()
    {
        var hash = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();

        var audit = AuditEventView.ToAuditEvent(Entry(), Directory, hash);

        Assert.Equal("3-41", audit.Id);
        Assert.Equal("1", audit.Meta!.VersionId);
        Assert.Equal(Time, audit.Meta.LastUpdated);
        Assert.Equal(Time, audit.Recorded);
        Assert.Equal("CareChain", audit.Source.Observer.Display);
        Assert.Equal("ledger shard 3", audit.Source.Site);
        var ledger = Assert.Single(audit.Entity, entity => entity.Detail.Any(detail => detail.Type == AuditEventView.LedgerEntryDetail));
        Assert.Equal("3/41", ((FhirString)ledger.Detail.Single(detail => detail.Type == "ledger-entry").Value).Value);
        Assert.Equal(Convert.ToHexStringLower(hash), ((FhirString)ledger.Detail.Single(detail => detail.Type == "entry-hash").Value).Value);
    }

    [Fact]
    public void An_entry_without_actor_or_patient_still_makes_a_valid_event()
    {
        var audit = AuditEventView.ToAuditEvent(Entry() with { Actor = null, Patient = null, Resources = [], Purpose = null }, Directory);

        Assert.Single(audit.Agent);
        Assert.Empty(audit.PurposeOfEvent);
        Assert.DoesNotContain(audit.Entity, entity => entity.Role?.Code == "1");
        AssertValid(audit);
    }

    [Fact]
    public void The_event_validates_and_round_trips_through_firely_json()
    {
        var audit = AuditEventView.ToAuditEvent(
            Entry() with { Consent = "Consent/c-1", Provision = "provision", Details = "break-glass", Model = "m-1" },
            Directory,
            new byte[32]);
        var options = new JsonSerializerOptions().ForFhir(ModelInfo.ModelInspector);

        AssertValid(audit);
        var json = JsonSerializer.Serialize(audit, options);
        var parsed = JsonSerializer.Deserialize<AuditEvent>(json, options);

        Assert.NotNull(parsed);
        Assert.True(audit.IsExactly(parsed), json);
        Assert.Contains("\"resourceType\":\"AuditEvent\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void The_validator_used_here_does_catch_a_broken_event()
    {
        var audit = AuditEventView.ToAuditEvent(Entry(), Directory);
        audit.Source = null!;

        Assert.NotEmpty(audit.Validate(ModelInfo.ModelInspector));
    }

    [Fact]
    public void Pseudonyms_of_lists_each_actor_patient_and_resource_once()
    {
        LedgerEntry[] entries =
        [
            Entry(),
            Entry() with { Actor = null, Resources = [Observation, Forgotten] },
            Entry() with { Patient = null, Resources = [] },
        ];

        var pseudonyms = AuditEventView.PseudonymsOf(entries);

        Assert.Equal([Observation, Forgotten, Patient, Doctor], pseudonyms.Order(StringComparer.Ordinal));
    }

    private static LedgerEntry Entry() =>
        new(3, 41, Time, "read", "permit", Doctor, Patient, "Observation", [Observation], "TREAT", null, null, null, null);

    private static void AssertValid(AuditEvent audit)
    {
        var issues = audit.Validate(ModelInfo.ModelInspector);
        Assert.True(issues.Count == 0, string.Join("; ", issues.Select(issue => issue.ToString())));
    }
}
