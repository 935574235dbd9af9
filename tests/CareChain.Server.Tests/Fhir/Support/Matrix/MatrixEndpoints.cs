using Hl7.Fhir.Model;
using FhirConsent = Hl7.Fhir.Model.Consent;
using Task = System.Threading.Tasks.Task;

namespace CareChain.Server.Tests.Fhir.Support.Matrix;

/// <summary>Every endpoint of the FHIR API, for the seeded resources or for resources a row stores first.</summary>
internal static class MatrixEndpoints
{
    public static MatrixEndpoint Metadata { get; } = Fixed("GET /fhir/metadata", HttpMethod.Get, "metadata");

    /// <summary>Reads the AuditEvent of an access the caller itself has just made (a read of Observation/obs-p1).</summary>
    public static MatrixEndpoint AuditReadOfOwnAccess { get; } = new(
        "read the AuditEvent of the caller's own read of Observation/obs-p1",
        async (server, caller, ct) =>
        {
            var read = await server.SendAsync(caller, new MatrixRequest(HttpMethod.Get, "Observation/" + MatrixServer.ObservationP1), ct);
            return new MatrixRequest(HttpMethod.Get, "AuditEvent/" + MatrixServer.AuditEventId(read.LedgerEntry));
        });

    public static MatrixEndpoint Read(string type, string id) => Fixed($"read {type}/{id}", HttpMethod.Get, $"{type}/{id}");

    public static MatrixEndpoint VRead(string type, string id) => Fixed($"vread {type}/{id}/_history/1", HttpMethod.Get, $"{type}/{id}/_history/1");

    public static MatrixEndpoint History(string type, string id) => Fixed($"history {type}/{id}/_history", HttpMethod.Get, $"{type}/{id}/_history");

    /// <summary>Search pinned to one patient: <c>?_id=</c> on Patient, <c>?patient=</c> otherwise.</summary>
    public static MatrixEndpoint Search(string type, string patientId)
    {
        var path = type == nameof(Patient) ? $"{type}?_id={patientId}" : $"{type}?patient={patientId}";
        return Fixed("search " + path, HttpMethod.Get, path);
    }

    public static MatrixEndpoint Create(string type, string patientId) => new(
        type == nameof(Patient) ? "create a new Patient" : $"create a {type} for {patientId}",
        (_, _, _) => Task.FromResult(new MatrixRequest(HttpMethod.Post, type, MatrixServer.NewResource(type, patientId))));

    /// <summary>Updates a resource the feed stores first (a new Patient of its own, or a resource of <paramref name="patientId"/>).</summary>
    public static MatrixEndpoint Update(string type, string patientId) => new(
        "update " + Fresh(type, patientId),
        async (server, _, ct) =>
        {
            var target = Changed(await server.FeedCreateAsync(type, patientId, ct));
            return new MatrixRequest(HttpMethod.Put, $"{type}/{target.Id}", target);
        });

    /// <summary>Updates an existing Patient itself (a patient's own demographics).</summary>
    public static MatrixEndpoint UpdatePatient(string id) => new(
        $"update Patient/{id}", (_, _, _) => Task.FromResult(new MatrixRequest(HttpMethod.Put, $"Patient/{id}", Changed(ClinicalData.Patient(id)))));

    /// <summary>Deletes a resource the feed stores first (a new Patient without records, or a resource of <paramref name="patientId"/>).</summary>
    public static MatrixEndpoint Delete(string type, string patientId) => new(
        "delete " + Fresh(type, patientId),
        async (server, _, ct) =>
        {
            var target = await server.FeedCreateAsync(type, patientId, ct);
            return new MatrixRequest(HttpMethod.Delete, $"{type}/{target.Id}");
        });

    /// <summary>Deletes an existing Patient itself.</summary>
    public static MatrixEndpoint DeletePatient(string id) => Fixed($"delete Patient/{id}", HttpMethod.Delete, $"Patient/{id}");

    /// <summary>POST /fhir with a transaction Bundle creating one new resource.</summary>
    public static MatrixEndpoint Transaction(string type, string patientId) => new(
        $"POST /fhir transaction creating {(type == nameof(Patient) ? "a new Patient" : $"a {type} for {patientId}")}",
        (_, _, _) =>
        {
            var bundle = new Bundle { Type = Bundle.BundleType.Transaction };
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = "urn:uuid:" + Guid.NewGuid(),
                Resource = MatrixServer.NewResource(type, patientId),
                Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = type },
            });
            return Task.FromResult(new MatrixRequest(HttpMethod.Post, string.Empty, bundle));
        });

    public static MatrixEndpoint AuditSearch(string patientId) => Fixed($"search AuditEvent?patient={patientId}", HttpMethod.Get, $"AuditEvent?patient={patientId}");

    /// <summary>Searches the audit trail of <paramref name="patientId"/> after the caller has read Observation/obs-p1, so its own access is there.</summary>
    public static MatrixEndpoint AuditSearchAfterOwnRead(string patientId) => new(
        $"search AuditEvent?patient={patientId} after the caller's own read of Observation/obs-p1",
        async (server, caller, ct) =>
        {
            await server.SendAsync(caller, new MatrixRequest(HttpMethod.Get, "Observation/" + MatrixServer.ObservationP1), ct);
            return new MatrixRequest(HttpMethod.Get, $"AuditEvent?patient={patientId}");
        });

    /// <summary>Reads the AuditEvent of the feed's seeding write of the patient's Observation: an entry about that patient, by another actor.</summary>
    public static MatrixEndpoint AuditReadAbout(string patientId) => new(
        $"read the AuditEvent of the feed's write to {patientId}",
        (server, _, _) => Task.FromResult(new MatrixRequest(
            HttpMethod.Get, "AuditEvent/" + (patientId == MatrixServer.P1 ? server.P1AuditEventId : server.P2AuditEventId))));

    /// <summary>Every endpoint against p1's data, as the anonymous rows call them.</summary>
    public static IEnumerable<MatrixEndpoint> All()
    {
        yield return Metadata;
        foreach (var (type, id) in new[] { (nameof(Patient), MatrixServer.P1), (nameof(Observation), MatrixServer.ObservationP1), ("Consent", MatrixServer.ConsentP1) })
        {
            yield return Read(type, id);
            yield return VRead(type, id);
            yield return History(type, id);
            yield return Search(type, MatrixServer.P1);
            yield return Create(type, MatrixServer.P1);
            yield return Update(type, MatrixServer.P1);
            yield return Delete(type, MatrixServer.P1);
        }

        yield return Transaction(nameof(Observation), MatrixServer.P1);
        yield return AuditSearch(MatrixServer.P1);
        yield return AuditReadAbout(MatrixServer.P1);
    }

    private static string Fresh(string type, string patientId) =>
        type == nameof(Patient) ? "a new Patient the feed just stored" : $"a {type} of {patientId} the feed just stored";

    private static Resource Changed(Resource resource)
    {
        switch (resource)
        {
            case Patient patient:
                patient.Gender = AdministrativeGender.Male;
                break;
            case Observation observation:
                observation.Value = new Quantity(102, "mg/dL", "http://unitsofmeasure.org");
                break;
            case FhirConsent consent:
                consent.Status = FhirConsent.ConsentState.Inactive;
                break;
        }

        return resource;
    }

    private static MatrixEndpoint Fixed(string label, HttpMethod method, string path) =>
        new(label, (_, _, _) => Task.FromResult(new MatrixRequest(method, path)));
}
