using System.Net.Http.Headers;
using System.Text;
using CareChain.Server.Storage;
using CareChain.Testing;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace CareChain.Server.Tests.Fhir.Support.Matrix;

/// <summary>
/// The one server (SQLite) of the authorization matrix, seeded through the feed (Organization/ehr-feed,
/// system/*.cruds): Patient/p1 with Observation/obs-p1 and Consent/consent-p1 (permitting Practitioner/dr-lee
/// to access Observations for TREAT), and Patient/p2 with Observation/obs-p2 and no consent. Sends each row's
/// request with a raw <see cref="HttpClient"/>, so statuses and headers are exactly what the server answered.
/// </summary>
public sealed class MatrixServer(PostgresServer postgres) : IAsyncLifetime
{
    public const string P1 = "p1";
    public const string P2 = "p2";
    public const string ObservationP1 = "obs-p1";
    public const string ObservationP2 = "obs-p2";
    public const string ConsentP1 = "consent-p1";
    public const string DrLee = "Practitioner/dr-lee";
    public const string FeedSubject = "Organization/ehr-feed";

    /// <summary>The practitioner named in consents the matrix rows create, so they change nobody else's access.</summary>
    public const string BystanderPractitioner = "dr-matrix";

    private static readonly FhirJsonSerializer Serializer = new();

    private readonly HttpClient _http = new();
    private FhirServer? _server;
    private FhirCaller? _feed;

    internal FhirServer Server => _server ?? throw new InvalidOperationException("The matrix server has not started.");

    internal FhirCaller Feed => _feed ?? throw new InvalidOperationException("The matrix server has not started.");

    /// <summary>The AuditEvent id of the feed's write of Observation/obs-p1: an entry about p1.</summary>
    internal string P1AuditEventId { get; private set; } = string.Empty;

    /// <summary>The AuditEvent id of the feed's write of Observation/obs-p2: an entry about p2.</summary>
    internal string P2AuditEventId { get; private set; } = string.Empty;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        _server = await FhirServer.StartAsync(StorageProvider.Sqlite, postgres);
        _feed = _server.Feed();
        await _feed.Client.UpdateAsync(ClinicalData.Patient(P1), ct: ct);
        await _feed.Client.UpdateAsync(ClinicalData.Patient(P2), ct: ct);
        await _feed.Client.UpdateAsync(ClinicalData.Observation(P1, ClinicalData.Glucose, 95, "mg/dL", ObservationP1), ct: ct);
        P1AuditEventId = AuditEventId(_feed.LastLedgerEntry);
        await _feed.Client.UpdateAsync(ClinicalData.Observation(P2, ClinicalData.HbA1c, 6.1m, "%", ObservationP2), ct: ct);
        P2AuditEventId = AuditEventId(_feed.LastLedgerEntry);
        await _feed.Client.UpdateAsync(ClinicalData.TreatmentConsent(P1, "dr-lee", ConsentP1), ct: ct);
    }

    /// <summary>A new resource of <paramref name="type"/> for <paramref name="patientId"/>, not yet stored (a Patient gets a fresh id).</summary>
    internal static Resource NewResource(string type, string patientId) => type switch
    {
        nameof(Patient) => ClinicalData.Patient("mx-" + Guid.NewGuid().ToString("N")),
        nameof(Observation) => ClinicalData.Observation(patientId, ClinicalData.Glucose, 101, "mg/dL"),
        "Consent" => ClinicalData.TreatmentConsent(patientId, BystanderPractitioner),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "The matrix writes Patient, Observation and Consent."),
    };

    /// <summary>Stores a new resource through the feed, for a row that updates or deletes it; a Patient is a new patient of its own.</summary>
    internal async Task<Resource> FeedCreateAsync(string type, string patientId, CancellationToken cancellationToken)
    {
        var resource = NewResource(type, patientId);
        var stored = type == nameof(Patient)
            ? await Feed.Client.UpdateAsync(resource, ct: cancellationToken)
            : await Feed.Client.CreateAsync(resource, ct: cancellationToken);
        return stored ?? throw new InvalidOperationException($"The feed could not store a {type}.");
    }

    /// <summary>Sends <paramref name="request"/> as <paramref name="caller"/> and reads the whole answer.</summary>
    internal async Task<MatrixResponse> SendAsync(MatrixCaller caller, MatrixRequest request, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(request.Method, new Uri(Server.FhirBase, request.Path));
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/fhir+json"));
        if (caller.Token(this) is { } token)
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        foreach (var (name, value) in caller.Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        if (request.Body is { } body)
        {
            message.Content = new StringContent(Serializer.SerializeToString(body), Encoding.UTF8, "application/fhir+json");
        }

        using var response = await _http.SendAsync(message, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        var ledger = response.Headers.TryGetValues("X-Ledger-Entry", out var values) ? string.Join(", ", values) : null;
        return new MatrixResponse(response.StatusCode, ledger, response.Content.Headers.ContentType?.MediaType, text);
    }

    /// <summary>The AuditEvent id (<c>{shard}-{seq}</c>) of the single ledger entry a response named.</summary>
    internal static string AuditEventId(string? ledgerEntry)
    {
        Assert.NotNull(ledgerEntry);
        Assert.Matches(@"^\d+/\d+$", ledgerEntry);
        return ledgerEntry.Replace('/', '-');
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
