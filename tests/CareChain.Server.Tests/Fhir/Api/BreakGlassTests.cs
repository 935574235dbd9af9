using CareChain.Server.Storage;
using CareChain.Server.Tests.Fhir.Support;
using CareChain.Testing;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace CareChain.Server.Tests.Fhir.Api;

/// <summary>Emergency access without consent is allowed by policy, ledgered as such, and shown to the patient.</summary>
public sealed class BreakGlassTests(PostgresServer postgres)
{
    [Fact]
    public async Task Break_the_glass_read_is_allowed_and_the_patient_sees_it()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await FhirServer.StartAsync(StorageProvider.Sqlite, postgres);
        var feed = server.Feed();
        await feed.Client.UpdateAsync(ClinicalData.Patient("p1"), ct: ct);
        var glucose = await feed.Client.CreateAsync(ClinicalData.Observation("p1", ClinicalData.Glucose, 41, "mg/dL"), ct: ct);
        var emergency = server.Practitioner("dr-er", ("X-Purpose-Of-Use", "ETREAT"), ("X-Break-Glass-Reason", "unresponsive on arrival, suspected hypoglycaemia"));

        var read = await emergency.Client.ReadAsync<Observation>($"Observation/{glucose!.Id}", ct: ct);

        Assert.Equal(ClinicalData.Glucose, read!.Code!.Coding[0].Code);
        var trail = await server.Patient("p1").Client.SearchAsync<AuditEvent>(["agent=Practitioner/dr-er"], ct: ct);
        var seen = Assert.Single(trail!.Entry.Select(e => e.Resource).OfType<AuditEvent>(), e => e.Subtype.Any(s => s.Code == "read"));
        Assert.Equal(AuditEvent.AuditEventOutcome.N0, seen.Outcome);
        Assert.Contains(seen.PurposeOfEvent, purpose => purpose.Coding.Any(c => c.Code == "ETREAT"));
        Assert.Contains("break-the-glass", seen.OutcomeDesc, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Emergency_purpose_without_a_stated_reason_is_still_bound_by_consent()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await FhirServer.StartAsync(StorageProvider.Sqlite, postgres);
        var feed = server.Feed();
        await feed.Client.UpdateAsync(ClinicalData.Patient("p1"), ct: ct);
        var glucose = await feed.Client.CreateAsync(ClinicalData.Observation("p1", ClinicalData.Glucose, 41, "mg/dL"), ct: ct);

        var error = await FhirCaller.FailsAsync(() =>
            server.Practitioner("dr-er", ("X-Purpose-Of-Use", "ETREAT")).Client.ReadAsync<Observation>($"Observation/{glucose!.Id}", ct: ct));

        Assert.Equal(System.Net.HttpStatusCode.Forbidden, error.Status);
    }
}
