using System.Net;
using System.Text;
using CareChain.Server.Storage;
using CareChain.Server.Tests.Fhir.Support;
using CareChain.Testing;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Task = System.Threading.Tasks.Task;

namespace CareChain.Server.Tests.Fhir.Api;

/// <summary>
/// Bad input is refused with an OperationOutcome naming the problem, stores nothing, and leaves only the
/// refused attempt in the ledger.
/// </summary>
public sealed class InvalidInputTests(PostgresServer postgres) : IAsyncLifetime
{
    private const string ValidObservation = """
        {"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"2345-7"}]},
         "subject":{"reference":"Patient/p1"},"effectiveDateTime":"2026-03-01T09:30:00Z"}
        """;

    private FhirServer? _server;

    public static TheoryData<string, string, int, string?> Invalid => new()
    {
        { "malformed JSON", """{"resourceType":"Observation","status":"final",""", 400, null },
        { "wrong resource type for the endpoint", """{"resourceType":"Patient","id":"x"}""", 400, null },
        { "unknown element", ValidObservation.Replace("\"status\":\"final\"", "\"status\":\"final\",\"mood\":\"good\"", StringComparison.Ordinal), 422, "Observation.mood" },
        { "missing required element", ValidObservation.Replace("\"status\":\"final\",", string.Empty, StringComparison.Ordinal), 422, "Observation.status" },
        { "code outside a required binding", ValidObservation.Replace("\"final\"", "\"bogus\"", StringComparison.Ordinal), 422, "Observation.status" },
        { "wrong type", ValidObservation.Replace("\"2026-03-01T09:30:00Z\"", "42", StringComparison.Ordinal), 422, "Observation.effective" },
        { "subject that is not a patient", ValidObservation.Replace("Patient/p1", "Group/g1", StringComparison.Ordinal), 422, "Observation.subject" },
        { "patient that does not exist", ValidObservation.Replace("Patient/p1", "Patient/nobody", StringComparison.Ordinal), 422, "Observation.subject" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public async Task Invalid_observation_is_refused_stores_nothing_and_ledgers_the_attempt(string problem, string body, int status, string? expression)
    {
        var ct = TestContext.Current.CancellationToken;
        var server = _server!;
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.FhirBase, "Observation"))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/fhir+json"),
        };
        request.Headers.Authorization = new("Bearer", server.Token("Organization/ehr-feed", "system/*.cruds"));

        using var response = await http.SendAsync(request, ct);

        Assert.True((int)response.StatusCode == status, $"{problem}: expected {status}, got {(int)response.StatusCode}");
        var outcome = new FhirJsonDeserializer().Deserialize<OperationOutcome>(await response.Content.ReadAsStringAsync(ct));
        Assert.NotNull(outcome);
        Assert.NotEmpty(outcome.Issue);
        if (expression is not null)
        {
            Assert.Contains(outcome.Issue, issue => issue.Expression.Any(e => e!.StartsWith(expression, StringComparison.Ordinal)));
        }

        Assert.Matches(@"^\d+/\d+$", string.Join(", ", response.Headers.GetValues("X-Ledger-Entry")));
        var stored = await server.Feed().Client.SearchAsync<Observation>(["patient=p1"], ct: ct);
        Assert.Equal(0, stored!.Total);
    }

    [Fact]
    public async Task Malformed_search_parameter_is_refused_with_the_parameter_named()
    {
        var error = await FhirCaller.FailsAsync(() => _server!.Feed().Client.SearchAsync<Observation>(["date=yesterday"], ct: TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
        Assert.Contains(error.Outcome!.Issue, issue => issue.Expression.Contains("date"));
    }

    public async ValueTask InitializeAsync()
    {
        _server = await FhirServer.StartAsync(StorageProvider.Sqlite, postgres);
        await _server.Feed().Client.UpdateAsync(ClinicalData.Patient("p1"), ct: TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
