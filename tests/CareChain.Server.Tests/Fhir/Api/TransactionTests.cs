using System.Net;
using CareChain.Server.Storage;
using CareChain.Server.Tests.Fhir.Support;
using CareChain.Testing;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Task = System.Threading.Tasks.Task;

namespace CareChain.Server.Tests.Fhir.Api;

/// <summary>Transaction bundles load a patient with observations and consents all at once, or not at all.</summary>
public sealed class TransactionTests(PostgresServer postgres)
{
    [Fact]
    public async Task A_transaction_creates_a_patient_with_observations_and_consent_linked_by_uuid()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await FhirServer.StartAsync(StorageProvider.Sqlite, postgres);
        var feed = server.Feed();

        var response = await feed.Client.TransactionAsync(NewPatientBundle(), ct: ct);

        Assert.Equal(Bundle.BundleType.TransactionResponse, response!.Type);
        Assert.All(response.Entry, entry => Assert.StartsWith("201", entry.Response!.Status, StringComparison.Ordinal));
        var patientId = response.Entry[0].Response!.Location!.Split('/')[^3];
        var observations = await feed.Client.SearchAsync<Observation>([$"patient={patientId}"], ct: ct);
        Assert.Equal(2, observations!.Total);
        Assert.All(observations.Entry, e => Assert.Equal($"Patient/{patientId}", ((Observation)e.Resource!).Subject!.Reference));
        var consents = await feed.Client.SearchAsync<Hl7.Fhir.Model.Consent>([$"patient={patientId}"], ct: ct);
        Assert.Equal(1, consents!.Total);
    }

    [Fact]
    public async Task A_transaction_that_fails_halfway_leaves_nothing_behind()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await FhirServer.StartAsync(StorageProvider.Sqlite, postgres);
        var feed = server.Feed();
        await feed.Client.UpdateAsync(ClinicalData.Patient("p1"), ct: ct);
        var existing = await feed.Client.CreateAsync(ClinicalData.Observation("p1", ClinicalData.Glucose, 99, "mg/dL"), ct: ct);

        var bundle = NewPatientBundle();
        existing!.Value = new Quantity(250, "mg/dL", "http://unitsofmeasure.org");
        bundle.Entry.Add(new Bundle.EntryComponent
        {
            Resource = existing,
            // Only checked when the entry is applied, after the new patient and observations are written.
            Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.PUT, Url = $"Observation/{existing.Id}", IfMatch = "W/\"7\"" },
        });

        var failure = await FhirCaller.FailsAsync(() => feed.Client.TransactionAsync(bundle, ct: ct));

        Assert.Equal(HttpStatusCode.PreconditionFailed, failure.Status);
        Assert.Contains(failure.Outcome!.Issue, issue => issue.Expression.Contains("Bundle.entry[4]"));
        var patients = await feed.Client.SearchAsync<Patient>(["_count=50"], ct: ct);
        Assert.Equal(["p1"], patients!.Entry.Select(e => e.Resource!.Id));
        var observations = await feed.Client.SearchAsync<Observation>(["_count=50"], ct: ct);
        var only = (Observation)Assert.Single(observations!.Entry).Resource!;
        Assert.Equal(99m, ((Quantity)only.Value!).Value);
        Assert.Equal("1", only.Meta!.VersionId);
    }

    [Fact]
    public async Task A_transaction_with_an_unresolvable_reference_is_refused_before_anything_is_written()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await FhirServer.StartAsync(StorageProvider.Sqlite, postgres);
        var feed = server.Feed();
        var bundle = NewPatientBundle();
        ((Observation)bundle.Entry[1].Resource!).Subject = new ResourceReference("urn:uuid:7d3f0f3e-0000-4000-8000-000000000000");

        var failure = await FhirCaller.FailsAsync(() => feed.Client.TransactionAsync(bundle, ct: ct));

        Assert.Equal(HttpStatusCode.BadRequest, failure.Status);
        var patients = await feed.Client.SearchAsync<Patient>([], ct: ct);
        Assert.Equal(0, patients!.Total);
    }

    [Fact]
    public async Task A_transaction_with_an_invalid_resource_names_the_entry_and_stores_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await FhirServer.StartAsync(StorageProvider.Sqlite, postgres);
        var json = new FhirJsonSerializer().SerializeToString(NewPatientBundle());
        var invalid = json.Replace("\"status\":\"final\"", "\"status\":\"bogus\"", StringComparison.Ordinal);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, server.FhirBase)
        {
            Content = new StringContent(invalid, System.Text.Encoding.UTF8, "application/fhir+json"),
        };
        request.Headers.Authorization = new("Bearer", server.Token("Organization/ehr-feed", "system/*.cruds"));

        using var response = await http.SendAsync(request, ct);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var outcome = new FhirJsonDeserializer().Deserialize<OperationOutcome>(await response.Content.ReadAsStringAsync(ct));
        Assert.Contains(outcome!.Issue, issue => issue.Expression.Any(e => e!.StartsWith("Bundle.entry[1].resource", StringComparison.Ordinal)));
        Assert.True(response.Headers.Contains("X-Ledger-Entry"));
        var patients = await server.Feed().Client.SearchAsync<Patient>([], ct: ct);
        Assert.Equal(0, patients!.Total);
    }

    private static Bundle NewPatientBundle()
    {
        const string patientUrl = "urn:uuid:5b6d1c1e-1f0a-4f5e-9a55-3d1f0a7c2b11";
        var bundle = new Bundle { Type = Bundle.BundleType.Transaction };
        bundle.Entry.Add(new Bundle.EntryComponent
        {
            FullUrl = patientUrl,
            Resource = ClinicalData.Patient("placeholder"),
            Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = "Patient" },
        });
        foreach (var (code, value, unit) in new[] { (ClinicalData.Glucose, 95m, "mg/dL"), (ClinicalData.HbA1c, 5.6m, "%") })
        {
            var observation = ClinicalData.Observation("placeholder", code, value, unit);
            observation.Subject = new ResourceReference(patientUrl);
            bundle.Entry.Add(new Bundle.EntryComponent { Resource = observation, Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = "Observation" } });
        }

        var consent = ClinicalData.TreatmentConsent("placeholder", "dr-lee");
        consent.Patient = new ResourceReference(patientUrl);
        bundle.Entry.Add(new Bundle.EntryComponent { Resource = consent, Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = "Consent" } });
        return bundle;
    }
}
