using System.Net;
using System.Text;
using CareChain.Grains.Ledger.Pseudonyms;
using CareChain.Server.Storage;
using CareChain.Server.Tests.Fhir.Support;
using CareChain.Server.Tests.Hosting;
using CareChain.Testing;
using Hl7.Fhir.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using FhirConsent = Hl7.Fhir.Model.Consent;
using Task = System.Threading.Tasks.Task;

namespace CareChain.Server.Tests.Fhir.Api;

/// <summary>
/// "No PHI in logs", checked on the logs themselves: a clinical day against the real server, logged at the
/// shipped levels with every CareChain category at Trace, leaves no patient id, name, identifier, birth date,
/// value, code, note, reference, break-the-glass reason, rejected body or token in any entry's category,
/// message, exception, structured values or scopes. Every piece of patient data in the day is a marker no
/// log would contain by chance; so are the ids the server gives the patient's resources, and the tokens.
/// </summary>
public sealed class LogPrivacyTests(PostgresServer postgres)
{
    private const string PatientId = "phi-7f3k2";
    private const string Family = "Quixbrightly";
    private const string Given = "Zephyrine";
    private const string Mrn = "MRN-PHI-55821";
    private const string BirthDate = "1953-11-27";
    private const string Phone = "555-0199-4471";
    private const decimal Glucose = 187.31m;
    private const string HivViralLoad = "20447-9";
    private const decimal ViralLoad = 31873.19m;
    private const string Note = "marker-note-disclosed-status-64";
    private const string BreakGlassReason = "marker-reason-unconscious-77";
    private const string InvalidBody = "marker-invalid-body-93";
    private const string BadToken = "marker-token-xq81";

    private static readonly string[] Markers =
    [
        PatientId, Family, Given, Mrn, BirthDate, Phone, "187.31", HivViralLoad, "31873.19", Note, BreakGlassReason, InvalidBody, BadToken,
    ];

    [Theory]
    [InlineData(StorageProvider.Sqlite)]
    [InlineData(StorageProvider.Postgres)]
    public async Task Server_logs_hold_no_patient_data_through_a_full_clinical_day(StorageProvider provider)
    {
        using var logs = new CapturedLogs();
        var markers = new List<string>(Markers);
        string pseudonym;
        await using (var server = await FhirServer.StartAsync(provider, postgres, logs))
        {
            var loggers = server.Host.Services.GetRequiredService<ILoggerFactory>();
            Assert.True(loggers.CreateLogger("CareChain.Server").IsEnabled(LogLevel.Trace), "CareChain categories must log at Trace.");
            Assert.False(loggers.CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics").IsEnabled(LogLevel.Information), "Other categories must log at the shipped levels.");
            pseudonym = server.Host.Services.GetRequiredService<PseudonymDirectory>().Pseudonymize($"Patient/{PatientId}");

            markers.AddRange(await RunClinicalDayAsync(server));
        }

        // Shutdown is logged too, and checked with the rest.
        var entries = logs.Entries;
        Assert.NotEmpty(entries);
        Assert.True(
            entries.Any(entry => entry.Category.StartsWith(ShippedLogLevels.OwnCategories, StringComparison.Ordinal) && entry.Level >= LogLevel.Error),
            "The outage should have been logged as errors by CareChain.");
        var leaks = entries
            .SelectMany(entry => markers.Where(marker => entry.Text.Contains(marker, StringComparison.OrdinalIgnoreCase)).Select(marker => $"'{marker}' in {entry.Level} {entry.EventId}: {entry.Text}"))
            .ToList();
        Assert.True(leaks.Count == 0, $"{leaks.Count} log entries hold patient data:{Environment.NewLine}{string.Join(Environment.NewLine, leaks)}");
        Assert.True(
            entries.Any(entry => entry.Category.StartsWith("Orleans.", StringComparison.Ordinal) && entry.Level >= LogLevel.Error && entry.Text.Contains($"Patient#{pseudonym}", StringComparison.Ordinal)),
            "Orleans should have logged the failed state write, naming the patient's grain by the ledger's pseudonym.");
    }

    /// <summary>The day's requests; returns the ids the server gave the patient's resources and the tokens sent, which are markers too.</summary>
    private static async Task<List<string>> RunClinicalDayAsync(FhirServer server)
    {
        var ct = TestContext.Current.CancellationToken;
        var feed = server.Feed();
        var patient = server.Patient(PatientId);
        var doctor = server.Practitioner("dr-ames");

        // Admission: the feed loads the patient and two results.
        await feed.Client.UpdateAsync(NewPatient(), ct: ct);
        var glucose = (await feed.Client.CreateAsync(ClinicalData.Observation(PatientId, ClinicalData.Glucose, Glucose, "mg/dL"), ct: ct))!;
        var viralLoad = ClinicalData.Observation(PatientId, HivViralLoad, ViralLoad, "{copies}/mL");
        viralLoad.Note = [new Annotation { Text = Note }];
        viralLoad = (await feed.Client.CreateAsync(viralLoad, ct: ct))!;

        // Consent: denied before, permitted after; the doctor reads and searches; revoked, denied again.
        Assert.Equal(HttpStatusCode.Forbidden, (await FhirCaller.FailsAsync(() => doctor.Client.ReadAsync<Observation>($"Observation/{glucose.Id}", ct: ct))).Status);
        var consent = (await patient.Client.CreateAsync(ClinicalData.TreatmentConsent(PatientId, "dr-ames"), ct: ct))!;
        Assert.Equal(HivViralLoad, (await doctor.Client.ReadAsync<Observation>($"Observation/{viralLoad.Id}", ct: ct))!.Code.Coding[0].Code);
        Assert.Equal(2, (await doctor.Client.SearchAsync<Observation>([$"patient={PatientId}"], ct: ct))!.Total);
        Assert.Equal(1, (await doctor.Client.SearchAsync<Observation>([$"patient=Patient/{PatientId}", $"code={ClinicalData.Loinc}|{HivViralLoad}"], ct: ct))!.Total);
        consent.Status = FhirConsent.ConsentState.Inactive;
        await patient.Client.UpdateAsync(consent, ct: ct);
        Assert.Equal(HttpStatusCode.Forbidden, (await FhirCaller.FailsAsync(() => doctor.Client.ReadAsync<Observation>($"Observation/{viralLoad.Id}", ct: ct))).Status);

        // Registration looks the patient up by name, MRN and birth date.
        foreach (var criterion in new[] { $"family={Family}", $"identifier={Mrn}", $"birthdate={BirthDate}", $"name={Given}", $"family:exact={Family}&given={Given}" })
        {
            Assert.Equal(1, (await feed.Client.SearchAsync<Patient>(criterion.Split('&'), ct: ct))!.Total);
        }

        // An emergency: break-the-glass, which the patient and the privacy office then see.
        var emergency = server.Practitioner("dr-er", ("X-Purpose-Of-Use", "ETREAT"), ("X-Break-Glass-Reason", BreakGlassReason));
        await emergency.Client.ReadAsync<Observation>($"Observation/{viralLoad.Id}", ct: ct);
        var breakGlassEvent = emergency.LastLedgerEntry!.Replace('/', '-');
        Assert.NotEmpty((await patient.Client.SearchAsync<AuditEvent>([$"patient={PatientId}"], ct: ct))!.Entry);
        var auditor = server.Auditor();
        Assert.NotEmpty((await auditor.Client.SearchAsync<AuditEvent>([$"patient=Patient/{PatientId}", $"entity=Observation/{viralLoad.Id}"], ct: ct))!.Entry);
        Assert.Contains(BreakGlassReason, (await auditor.Client.ReadAsync<AuditEvent>($"AuditEvent/{breakGlassEvent}", ct: ct))!.PurposeOfEvent.Select(p => p.Text));

        // Everything a day also holds: a stale update, a failed transaction, bad bodies, bad tokens, wrong paths.
        var tokens = await RefusedRequestsAsync(server, feed, glucose, viralLoad);

        // The database refuses writes (a full disk, a read-only failover) while patient data is in flight: the
        // record's state write fails, then the ledger append of an emergency read.
        await using (await DatabaseOutage.StartAsync(server.Settings))
        {
            viralLoad.Note.Add(new Annotation { Text = Note + " (addendum)" });
            Assert.Equal(HttpStatusCode.InternalServerError, (await FhirCaller.FailsAsync(() => feed.Client.UpdateAsync(viralLoad, ct: ct))).Status);
            Assert.Equal(
                HttpStatusCode.InternalServerError,
                (await FhirCaller.FailsAsync(() => emergency.Client.ReadAsync<Observation>($"Observation/{viralLoad.Id}", ct: ct))).Status);
        }

        await server.Host.CheckpointAsync();
        var report = await server.Host.VerifyAsync();
        Assert.True(report.IsIntact, report.ToString());
        return [glucose.Id!, viralLoad.Id!, consent.Id!, .. tokens];
    }

    /// <summary>Requests the server refuses; returns the tokens sent, whose text must not be logged either.</summary>
    private static async Task<List<string>> RefusedRequestsAsync(FhirServer server, FhirCaller feed, Observation glucose, Observation viralLoad)
    {
        var ct = TestContext.Current.CancellationToken;

        glucose.Value = new Quantity(Glucose + 1, "mg/dL", "http://unitsofmeasure.org");
        await feed.Client.UpdateAsync(glucose, versionAware: true, ct: ct);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await FhirCaller.FailsAsync(() => feed.Client.UpdateAsync(glucose, versionAware: true, ct: ct))).Status);

        var transaction = new Bundle { Type = Bundle.BundleType.Transaction };
        var repeat = ClinicalData.Observation(PatientId, HivViralLoad, ViralLoad, "{copies}/mL");
        repeat.Note = [new Annotation { Text = Note }];
        transaction.Entry.Add(new Bundle.EntryComponent { Resource = repeat, Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = "Observation" } });
        transaction.Entry.Add(new Bundle.EntryComponent
        {
            Resource = viralLoad,
            Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.PUT, Url = $"Observation/{viralLoad.Id}", IfMatch = "W/\"7\"" },
        });
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await FhirCaller.FailsAsync(() => feed.Client.TransactionAsync(transaction, ct: ct))).Status);

        var feedToken = server.Token("Organization/ehr-feed", "system/*.cruds");
        var person = $$"""
            {"resourceType":"Patient","id":"{{PatientId}}","name":[{"family":"{{Family}}","given":["{{Given}}"]}],"birthDate":"{{BirthDate}}"
            """;
        Assert.Equal(422, await SendAsync(server, HttpMethod.Post, "Patient", feedToken, person + $$""","favouriteColour":"{{InvalidBody}}"}"""));
        Assert.Equal(422, await SendAsync(server, HttpMethod.Put, $"Patient/{PatientId}", feedToken, person.Replace(BirthDate, InvalidBody, StringComparison.Ordinal) + "}"));
        Assert.Equal(400, await SendAsync(server, HttpMethod.Post, "Observation", feedToken, $$"""{"resourceType":"Observation","note":[{"text":"{{InvalidBody}}"}],"status":"""));

        // A token that is no JWT, and one whose signature is not the server's: the subject is the patient.
        var patientToken = server.Token($"Patient/{PatientId}", "patient/*.rs");
        var forged = patientToken[..patientToken.LastIndexOf('.')] + "." + Convert.ToBase64String(Encoding.UTF8.GetBytes(BadToken)).TrimEnd('=');
        Assert.Equal(401, await SendAsync(server, HttpMethod.Get, $"Patient/{PatientId}", $"{BadToken}.{BadToken}.{BadToken}"));
        Assert.Equal(401, await SendAsync(server, HttpMethod.Get, $"Patient/{PatientId}", forged));
        Assert.Equal(401, await SendAsync(server, HttpMethod.Get, $"Observation?patient={PatientId}&code={HivViralLoad}", BadToken));

        Assert.Equal(404, await SendAsync(server, HttpMethod.Get, $"Encounter?patient={PatientId}", feedToken));
        Assert.Equal(HttpStatusCode.NotFound, (await FhirCaller.FailsAsync(() => feed.Client.ReadAsync<Observation>($"Observation/{PatientId}-nothing", ct: ct))).Status);
        Assert.Equal(400, await SendAsync(server, HttpMethod.Get, $"Patient?family={Family}&birthdate={InvalidBody}", feedToken));
        Assert.NotEmpty((await feed.Client.HistoryAsync($"Patient/{PatientId}", ct: ct))!.Entry);
        return [feedToken, patientToken, forged];
    }

    private static Patient NewPatient() => new()
    {
        Id = PatientId,
        Identifier = [new Identifier("https://carechain.example/mrn", Mrn)],
        Name = [new HumanName { Family = Family, Given = [Given] }],
        Telecom = [new ContactPoint(ContactPoint.ContactPointSystem.Phone, ContactPoint.ContactPointUse.Home, Phone)],
        Gender = AdministrativeGender.Female,
        BirthDate = BirthDate,
    };

    /// <summary>A raw request, for what the Firely client will not send; returns the status code.</summary>
    private static async Task<int> SendAsync(FhirServer server, HttpMethod method, string path, string token, string? body = null)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(method, new Uri(server.FhirBase, path));
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/fhir+json");
        }

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        return (int)response.StatusCode;
    }
}
