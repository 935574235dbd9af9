using System.Net;
using CareChain.Server.Storage;
using CareChain.Server.Tests.Fhir.Support;
using CareChain.Testing;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace CareChain.Server.Tests.Fhir.Api;

/// <summary>AuditEvent search by patient, agent, entity, date and purpose, with paging, over the live ledger.</summary>
public sealed class AuditEventSearchTests(PostgresServer postgres)
{
    [Fact]
    public async Task Audit_trail_can_be_narrowed_by_entity_purpose_and_date_and_paged()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await FhirServer.StartAsync(StorageProvider.Sqlite, postgres);
        var feed = server.Feed();
        await feed.Client.UpdateAsync(ClinicalData.Patient("p1"), ct: ct);
        var glucose = await feed.Client.CreateAsync(ClinicalData.Observation("p1", ClinicalData.Glucose, 99, "mg/dL"), ct: ct);
        var hba1c = await feed.Client.CreateAsync(ClinicalData.Observation("p1", ClinicalData.HbA1c, 5.9m, "%"), ct: ct);
        await server.Patient("p1").Client.CreateAsync(ClinicalData.TreatmentConsent("p1", "dr-lee"), ct: ct);
        var doctor = server.Practitioner("dr-lee");
        for (var i = 0; i < 3; i++)
        {
            await doctor.Client.ReadAsync<Observation>($"Observation/{glucose!.Id}", ct: ct);
        }

        await server.Practitioner("dr-lee", ("X-Purpose-Of-Use", "HRESCH")).Client.SearchAsync<Observation>(["patient=p1"], ct: ct);
        var auditor = server.Auditor().Client;

        var aboutGlucose = await auditor.SearchAsync<AuditEvent>([$"entity=Observation/{glucose!.Id}"], ct: ct);
        var glucoseEvents = Events(aboutGlucose);
        // Its creation, three reads, and the research search that withheld it.
        Assert.Equal(5, glucoseEvents.Count);
        Assert.All(glucoseEvents, e => Assert.Contains(e.Entity, entity => entity.What?.Reference == $"Observation/{glucose.Id}"));
        Assert.DoesNotContain(Events(await auditor.SearchAsync<AuditEvent>([$"entity=Observation/{hba1c!.Id}", "agent=Practitioner/dr-lee"], ct: ct)), e => e.Outcome == AuditEvent.AuditEventOutcome.N0);

        var research = Events(await auditor.SearchAsync<AuditEvent>(["purpose=HRESCH"], ct: ct));
        Assert.Equal(AuditEvent.AuditEventOutcome.N4, Assert.Single(research).Outcome);

        Assert.Empty(Events(await auditor.SearchAsync<AuditEvent>(["date=lt2000-01-01"], ct: ct)));
        Assert.NotEmpty(Events(await auditor.SearchAsync<AuditEvent>(["date=ge2000-01-01", "patient=p1"], ct: ct)));

        var firstPage = await auditor.SearchAsync<AuditEvent>(["patient=p1", "_count=2"], ct: ct);
        var secondPage = await auditor.ContinueAsync(firstPage!, ct: ct);
        Assert.Equal(2, Events(firstPage).Count);
        Assert.NotNull(secondPage);
        Assert.Empty(Events(firstPage).Select(e => e.Id).Intersect(Events(secondPage).Select(e => e.Id)));
        Assert.True(DateTimeOffset.Compare(Events(firstPage)[^1].Recorded!.Value, Events(secondPage)[0].Recorded!.Value) >= 0);
    }

    [Fact]
    public async Task Unknown_audit_search_parameters_are_refused_rather_than_ignored()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await FhirServer.StartAsync(StorageProvider.Sqlite, postgres);

        var error = await FhirCaller.FailsAsync(() => server.Auditor().Client.SearchAsync<AuditEvent>(["patinet=p1"], ct: ct));

        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
        Assert.Contains(error.Outcome!.Issue, issue => issue.Expression.Contains("patinet"));
    }

    private static List<AuditEvent> Events(Bundle? bundle) => [.. (bundle?.Entry ?? []).Select(e => e.Resource).OfType<AuditEvent>()];
}
