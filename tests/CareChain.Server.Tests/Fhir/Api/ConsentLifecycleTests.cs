using System.Net;
using CareChain.Cli;
using CareChain.Server.Storage;
using CareChain.Server.Tests.Fhir.Support;
using CareChain.Testing;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace CareChain.Server.Tests.Fhir.Api;

/// <summary>
/// The whole consent story through the Firely client against the real server: no consent → denied,
/// grant → allowed, revoke → the very next read denied; every step in the ledger, which verifies.
/// </summary>
public sealed class ConsentLifecycleTests(PostgresServer postgres)
{
    [Theory]
    [InlineData(StorageProvider.Sqlite)]
    [InlineData(StorageProvider.Postgres)]
    public async Task Revoked_consent_denies_next_read(StorageProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await FhirServer.StartAsync(provider, postgres);
        var feed = server.Feed();
        var patient = server.Patient("p1");
        var doctor = server.Practitioner("dr-lee");

        await feed.Client.UpdateAsync(ClinicalData.Patient("p1"), ct: ct);
        var glucose = await feed.Client.CreateAsync(ClinicalData.Observation("p1", ClinicalData.Glucose, 95, "mg/dL"), ct: ct);
        Assert.NotNull(glucose?.Id);
        var ledgered = new List<string> { feed.LastLedgerEntry! };

        var beforeConsent = await FhirCaller.FailsAsync(() => doctor.Client.ReadAsync<Observation>("Observation/" + glucose.Id, ct: ct));
        Assert.Equal(HttpStatusCode.Forbidden, beforeConsent.Status);
        Assert.Contains("no active consent permits", beforeConsent.Outcome!.Issue[0].Diagnostics, StringComparison.Ordinal);
        ledgered.Add(doctor.LastLedgerEntry!);

        var consent = await patient.Client.CreateAsync(ClinicalData.TreatmentConsent("p1", "dr-lee"), ct: ct);
        ledgered.Add(patient.LastLedgerEntry!);

        var read = await doctor.Client.ReadAsync<Observation>("Observation/" + glucose.Id, ct: ct);
        Assert.Equal(ClinicalData.Glucose, read!.Code.Coding[0].Code);
        ledgered.Add(doctor.LastLedgerEntry!);

        consent!.Status = Hl7.Fhir.Model.Consent.ConsentState.Inactive;
        await patient.Client.UpdateAsync(consent, ct: ct);
        ledgered.Add(patient.LastLedgerEntry!);

        var afterRevoke = await FhirCaller.FailsAsync(() => doctor.Client.ReadAsync<Observation>("Observation/" + glucose.Id, ct: ct));
        Assert.Equal(HttpStatusCode.Forbidden, afterRevoke.Status);
        ledgered.Add(doctor.LastLedgerEntry!);

        Assert.All(ledgered, entry => Assert.Matches(@"^\d+/\d+$", entry));
        Assert.Equal(ledgered.Count, ledgered.Distinct().Count());

        var audit = await server.Auditor().Client.SearchAsync<AuditEvent>(["patient=p1", "_count=50"], ct: ct);
        var events = audit!.Entry.Select(e => e.Resource).OfType<AuditEvent>().ToList();
        Assert.Equal(2, events.Count(e => e.Outcome == AuditEvent.AuditEventOutcome.N4 && e.Agent[0].Who!.Reference == "Practitioner/dr-lee"));
        Assert.Contains(events, e => e.Outcome == AuditEvent.AuditEventOutcome.N0 && e.Agent[0].Who!.Reference == "Practitioner/dr-lee");
        Assert.Equal(2, events.Count(e => e.Agent[0].Who!.Reference == "Patient/p1" && e.Entity.Any(entity => entity.What?.Reference?.StartsWith("Consent/", StringComparison.Ordinal) == true)));

        await server.Host.CheckpointAsync();
        var report = await server.Host.VerifyAsync();
        Assert.True(report.IsIntact, report.ToString());
        Assert.Equal(0, report.UncheckpointedEntries);
        if (provider == StorageProvider.Sqlite)
        {
            using var output = new StringWriter();
            using var error = new StringWriter();
            var code = await CliApplication.RunAsync(
                ["ledger", "verify", "--db", Path.Combine(server.Settings.DataPath, StorageOptions.LedgerDatabaseFileName)], new CliEnvironment(output, error), ct);
            Assert.True(code == 0, error.ToString());
        }
    }
}
