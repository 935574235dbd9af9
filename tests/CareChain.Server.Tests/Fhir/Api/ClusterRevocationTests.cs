using System.Net;
using CareChain.Server.Storage;
using CareChain.Server.Tests.Fhir.Support;
using CareChain.Testing;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace CareChain.Server.Tests.Fhir.Api;

/// <summary>Two silos on one PostgreSQL database form a cluster: a revocation made on one governs the next read on the other.</summary>
public sealed class ClusterRevocationTests(PostgresServer postgres)
{
    [Fact]
    public async Task Revocation_on_one_silo_denies_the_next_read_on_the_other()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var first = await FhirServer.StartAsync(StorageProvider.Postgres, postgres);
        await using var second = await first.StartAnotherSiloAsync();

        var silos = await second.Host.Grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true, cancellationToken: ct);
        Assert.Equal(2, silos.Count);

        var feed = first.Feed();
        await feed.Client.UpdateAsync(ClinicalData.Patient("p1"), ct: ct);
        var glucose = await feed.Client.CreateAsync(ClinicalData.Observation("p1", ClinicalData.Glucose, 88, "mg/dL"), ct: ct);
        var consent = await first.Patient("p1").Client.CreateAsync(ClinicalData.TreatmentConsent("p1", "dr-lee"), ct: ct);

        var doctorOnSecond = second.Practitioner("dr-lee");
        var read = await doctorOnSecond.Client.ReadAsync<Observation>($"Observation/{glucose!.Id}", ct: ct);
        Assert.Equal(glucose.Id, read!.Id);

        consent!.Status = Hl7.Fhir.Model.Consent.ConsentState.Inactive;
        await first.Patient("p1").Client.UpdateAsync(consent, ct: ct);

        var denied = await FhirCaller.FailsAsync(() => doctorOnSecond.Client.ReadAsync<Observation>($"Observation/{glucose.Id}", ct: ct));
        Assert.Equal(HttpStatusCode.Forbidden, denied.Status);
    }
}
