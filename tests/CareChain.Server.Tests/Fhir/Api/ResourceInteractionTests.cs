using System.Net;
using CareChain.Server.Storage;
using CareChain.Server.Tests.Fhir.Support;
using CareChain.Testing;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Task = System.Threading.Tasks.Task;

namespace CareChain.Server.Tests.Fhir.Api;

/// <summary>create, read, update with If-Match, vread, history, delete and search, through the Firely client.</summary>
public sealed class ResourceInteractionTests(PostgresServer postgres)
{
    [Fact]
    public async Task Versions_are_kept_and_a_stale_if_match_is_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await FhirServer.StartAsync(StorageProvider.Sqlite, postgres);
        var feed = server.Feed();

        var created = await feed.Client.CreateAsync(ClinicalData.Patient("ignored-id"), ct: ct);
        Assert.NotEqual("ignored-id", created!.Id);
        Assert.Equal("1", created.Meta!.VersionId);

        created.BirthDate = "1980-04-03";
        var updated = await feed.Client.UpdateAsync(created, versionAware: true, ct: ct);
        Assert.Equal("2", updated!.Meta!.VersionId);

        created.BirthDate = "1980-04-04";
        var stale = await FhirCaller.FailsAsync(() => feed.Client.UpdateAsync(created, versionAware: true, ct: ct));
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.Status);

        var first = await feed.Client.ReadAsync<Patient>($"Patient/{created.Id}/_history/1", ct: ct);
        Assert.Equal("1980-04-02", first!.BirthDate);
        var history = await feed.Client.HistoryAsync($"Patient/{created.Id}", ct: ct);
        Assert.Equal(["2", "1"], history!.Entry.Select(e => e.Resource!.Meta!.VersionId));

        await feed.Client.DeleteAsync($"Patient/{created.Id}", ct: ct);
        var gone = await FhirCaller.FailsAsync(() => feed.Client.ReadAsync<Patient>($"Patient/{created.Id}", ct: ct));
        Assert.Equal(HttpStatusCode.Gone, gone.Status);
        var missing = await FhirCaller.FailsAsync(() => feed.Client.ReadAsync<Patient>("Patient/never-was", ct: ct));
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
    }

    [Fact]
    public async Task A_patient_with_records_cannot_be_deleted_before_them()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await FhirServer.StartAsync(StorageProvider.Sqlite, postgres);
        var feed = server.Feed();
        await feed.Client.UpdateAsync(ClinicalData.Patient("p1"), ct: ct);
        var observation = await feed.Client.CreateAsync(ClinicalData.Observation("p1", ClinicalData.Glucose, 101, "mg/dL"), ct: ct);

        var refused = await FhirCaller.FailsAsync(() => feed.Client.DeleteAsync("Patient/p1", ct: ct));
        Assert.Equal(HttpStatusCode.Conflict, refused.Status);

        await feed.Client.DeleteAsync($"Observation/{observation!.Id}", ct: ct);
        await feed.Client.DeleteAsync("Patient/p1", ct: ct);
        var gone = await FhirCaller.FailsAsync(() => feed.Client.ReadAsync<Patient>("Patient/p1", ct: ct));
        Assert.Equal(HttpStatusCode.Gone, gone.Status);
    }

    [Fact]
    public async Task Search_pages_through_matches_with_next_links_and_ledgers_what_it_returned()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await FhirServer.StartAsync(StorageProvider.Sqlite, postgres);
        var feed = server.Feed();
        await feed.Client.UpdateAsync(ClinicalData.Patient("p1"), ct: ct);
        await feed.Client.UpdateAsync(ClinicalData.Patient("p2"), ct: ct);
        for (var i = 0; i < 12; i++)
        {
            await feed.Client.CreateAsync(ClinicalData.Observation("p1", ClinicalData.Glucose, 90 + i, "mg/dL"), ct: ct);
        }

        await feed.Client.CreateAsync(ClinicalData.Observation("p1", ClinicalData.HbA1c, 6.1m, "%"), ct: ct);
        await feed.Client.CreateAsync(ClinicalData.Observation("p2", ClinicalData.Glucose, 120, "mg/dL"), ct: ct);

        var seen = new List<string>();
        var page = await feed.Client.SearchAsync<Observation>(["patient=p1", $"code=http://loinc.org|{ClinicalData.Glucose}", "_count=5"], ct: ct);
        Assert.Equal(12, page!.Total);
        while (page is not null)
        {
            Assert.Matches(@"^\d+/\d+$", feed.LastLedgerEntry);
            seen.AddRange(page.Entry.Select(e => e.Resource!.Id!));
            page = await feed.Client.ContinueAsync(page, ct: ct);
        }

        Assert.Equal(12, seen.Count);
        Assert.Equal(12, seen.Distinct().Count());

        var acrossPatients = await feed.Client.SearchAsync<Observation>([$"code={ClinicalData.Glucose}", "_count=50"], ct: ct);
        Assert.Equal(13, acrossPatients!.Total);
        var ledgerEntries = feed.LastLedgerEntry!.Split(", ");
        Assert.Equal(2, ledgerEntries.Length);

        var byName = await feed.Client.SearchAsync<Patient>(["name=testp", "birthdate=1980"], ct: ct);
        Assert.Equal(2, byName!.Total);
        var byIdentifier = await feed.Client.SearchAsync<Patient>(["identifier=https://carechain.example/mrn|MRN-p2"], ct: ct);
        Assert.Equal("p2", Assert.Single(byIdentifier!.Entry).Resource!.Id);
    }

    [Fact]
    public async Task Sorted_search_pages_newest_observation_first_across_patients()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await FhirServer.StartAsync(StorageProvider.Sqlite, postgres);
        var feed = server.Feed();
        await feed.Client.UpdateAsync(ClinicalData.Patient("p1"), ct: ct);
        await feed.Client.UpdateAsync(ClinicalData.Patient("p2"), ct: ct);
        int[] days = [14, 3, 27, 9, 21, 1];
        foreach (var (day, index) in days.Select((day, index) => (day, index)))
        {
            var observation = ClinicalData.Observation(index % 2 == 0 ? "p1" : "p2", ClinicalData.Glucose, 90 + day, "mg/dL", id: $"glu-{day:00}");
            observation.Effective = new FhirDateTime($"2026-03-{day:00}T09:30:00Z");
            await feed.Client.UpdateAsync(observation, ct: ct);
        }

        var seen = new List<string>();
        var page = await feed.Client.SearchAsync<Observation>(
            new SearchParams().Where($"code={ClinicalData.Glucose}").OrderBy("date", SortOrder.Descending).LimitTo(4), ct);
        Assert.Contains("_sort=-date", page!.NextLink!.OriginalString, StringComparison.Ordinal);
        while (page is not null)
        {
            seen.AddRange(page.Entry.Select(e => e.Resource!.Id!));
            page = await feed.Client.ContinueAsync(page, ct: ct);
        }

        Assert.Equal(["glu-27", "glu-21", "glu-14", "glu-09", "glu-03", "glu-01"], seen);
        var oldestFirst = await feed.Client.SearchAsync<Observation>(["patient=p2", "_sort=date"], ct: ct);
        Assert.Equal(["glu-01", "glu-03", "glu-09"], oldestFirst!.Entry.Select(e => e.Resource!.Id!));
    }

    [Fact]
    public async Task Resources_are_served_as_xml_when_asked()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await FhirServer.StartAsync(StorageProvider.Sqlite, postgres);
        var feed = server.Feed();
        await feed.Client.UpdateAsync(ClinicalData.Patient("p1"), ct: ct);

        using var xmlCaller = new FhirCaller(server.FhirBase, server.Token("Organization/ehr-feed", "system/*.cruds"), new Dictionary<string, string>());
        xmlCaller.Client.Settings.PreferredFormat = ResourceFormat.Xml;
        var patient = await xmlCaller.Client.ReadAsync<Patient>("Patient/p1", ct: ct);
        Assert.Equal("Testperson", patient!.Name[0]!.Family);

        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server.FhirBase, "Patient/p1?_format=xml"));
        request.Headers.Authorization = new("Bearer", server.Token("Organization/ehr-feed", "system/*.cruds"));
        using var response = await http.SendAsync(request, ct);
        Assert.Equal("application/fhir+xml", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("<Patient xmlns=\"http://hl7.org/fhir\"", await response.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.Equal("W/\"1\"", response.Headers.ETag?.ToString());
    }

    [Fact]
    public async Task Metadata_states_the_served_types_interactions_and_search_parameters()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await FhirServer.StartAsync(StorageProvider.Sqlite, postgres);

        var statement = await server.Feed().Client.CapabilityStatementAsync(ct: ct);

        var rest = Assert.Single(statement!.Rest);
        Assert.Equal(["Patient", "Observation", "Consent", "AuditEvent"], rest.Resource.Select(r => r.Type));
        var observation = rest.Resource.Single(r => r.Type == "Observation");
        Assert.Superset(new HashSet<string> { "patient", "subject", "code", "date", "category" }, observation.SearchParam.Select(p => p.Name!).ToHashSet());
        Assert.Superset(new HashSet<string> { "identifier", "name", "birthdate" }, rest.Resource.Single(r => r.Type == "Patient").SearchParam.Select(p => p.Name!).ToHashSet());
        Assert.Superset(new HashSet<string> { "patient", "status", "actor", "purpose", "period" }, rest.Resource.Single(r => r.Type == "Consent").SearchParam.Select(p => p.Name!).ToHashSet());
        Assert.Superset(new HashSet<string> { "patient", "agent", "date", "entity", "purpose" }, rest.Resource.Single(r => r.Type == "AuditEvent").SearchParam.Select(p => p.Name!).ToHashSet());
        Assert.Contains(rest.Interaction, i => i.Code == CapabilityStatement.SystemRestfulInteraction.Transaction);
    }
}
