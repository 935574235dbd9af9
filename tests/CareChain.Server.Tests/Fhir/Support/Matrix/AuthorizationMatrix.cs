using System.Net;
using Hl7.Fhir.Model;
using static CareChain.Server.Tests.Fhir.Support.Matrix.MatrixEndpoints;
using static CareChain.Server.Tests.Fhir.Support.Matrix.MatrixServer;

namespace CareChain.Server.Tests.Fhir.Support.Matrix;

/// <summary>
/// The authorization matrix: every FHIR endpoint × every kind of caller, with the exact status that
/// AccessPolicy, the interactions and DESIGN.md require. Each row acts on the seeded data read-only, or on
/// resources it stores itself first, so rows pass or fail alone and in any order.
/// </summary>
internal static class AuthorizationMatrix
{
    private const HttpStatusCode Ok = HttpStatusCode.OK;
    private const HttpStatusCode Created = HttpStatusCode.Created;
    private const HttpStatusCode BadRequest = HttpStatusCode.BadRequest;
    private const HttpStatusCode Unauthorized = HttpStatusCode.Unauthorized;
    private const HttpStatusCode Forbidden = HttpStatusCode.Forbidden;
    private const HttpStatusCode NotFound = HttpStatusCode.NotFound;

    private const string PatientType = nameof(Patient);
    private const string ObservationType = nameof(Observation);
    private const string ConsentType = "Consent";


    private static readonly (string Type, string Id)[] P1Resources =
        [(PatientType, P1), (ObservationType, ObservationP1), (ConsentType, ConsentP1)];

    private static readonly Lazy<IReadOnlyDictionary<string, MatrixCase>> ByName = new(() =>
    {
        var cases = Cases().ToList();
        var duplicates = cases.GroupBy(c => c.Name).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        return duplicates.Count == 0
            ? cases.ToDictionary(c => c.Name, StringComparer.Ordinal)
            : throw new InvalidOperationException("Matrix rows need unique names: " + string.Join("; ", duplicates));
    });

    public static IEnumerable<TheoryDataRow<MatrixRow>> Rows =>
        ByName.Value.Values.Select(c => new TheoryDataRow<MatrixRow>(new MatrixRow(c.Name)) { Skip = c.Skip });

    public static MatrixCase Find(string name) =>
        ByName.Value.TryGetValue(name, out var found) ? found : throw new KeyNotFoundException("No matrix row is named " + name);

    private static IEnumerable<MatrixCase> Cases() =>
        Anonymous().Concat(BadTokenCases()).Concat(PatientCases()).Concat(PractitionerCases()).Concat(BreakGlassCases()).Concat(OrganizationCases());

    private static IEnumerable<MatrixCase> Anonymous()
    {
        var caller = MatrixCaller.Anonymous;
        foreach (var endpoint in All())
        {
            yield return endpoint == Metadata
                // The CapabilityStatement is public, and reading it touches no patient data: nothing to ledger
                // (ledgering anonymous requests would also let anyone grow the ledger at will).
                ? new MatrixCase(caller, endpoint, Ok, "the CapabilityStatement is public", Ledgered: false)
                : new MatrixCase(caller, endpoint, Unauthorized, "no token");
        }
    }

    private static IEnumerable<MatrixCase> BadTokenCases()
    {
        // The bad tokens name the feed, the most privileged caller: it is the token that is refused, not the subject.
        foreach (var caller in new[] { MatrixCaller.MalformedToken, MatrixCaller.ExpiredToken, MatrixCaller.WrongKeyToken })
        {
            foreach (var endpoint in new[] { Read(ObservationType, ObservationP1), Search(ObservationType, P1), Create(ObservationType, P1), Transaction(ObservationType, P1), AuditSearch(P1) })
            {
                yield return new MatrixCase(caller, endpoint, Unauthorized, "the token is not valid");
            }
        }

        yield return new MatrixCase(MatrixCaller.ExpiredToken, Metadata, Ok, "the CapabilityStatement needs no token", Ledgered: false);
    }

    private static IEnumerable<MatrixCase> PatientCases()
    {
        var p1 = MatrixCaller.PatientP1;
        foreach (var (type, id) in P1Resources)
        {
            yield return new MatrixCase(p1, Read(type, id), Ok, "own record", MatrixChecks.Returns(type, id));
            yield return new MatrixCase(p1, VRead(type, id), Ok, "own record");
            yield return new MatrixCase(p1, History(type, id), Ok, "own record");
            yield return new MatrixCase(p1, Search(type, P1), Ok, "own record", MatrixChecks.SomethingFound);
        }

        yield return new MatrixCase(p1, Create(PatientType, P1), Forbidden, "a new Patient is not the patient's own record");
        yield return new MatrixCase(p1, UpdatePatient(P1), Forbidden, "a patient changes only their consents");
        yield return new MatrixCase(p1, DeletePatient(P1), Forbidden, "a patient changes only their consents");
        yield return new MatrixCase(p1, Create(ObservationType, P1), Forbidden, "a patient changes only their consents");
        yield return new MatrixCase(p1, Update(ObservationType, P1), Forbidden, "a patient changes only their consents");
        yield return new MatrixCase(p1, Delete(ObservationType, P1), Forbidden, "a patient changes only their consents");
        yield return new MatrixCase(p1, Create(ConsentType, P1), Created, "own consent");
        yield return new MatrixCase(p1, Update(ConsentType, P1), Ok, "own consent");
        yield return new MatrixCase(p1, Delete(ConsentType, P1), Ok, "own consent");
        yield return new MatrixCase(p1, Transaction(ConsentType, P1), Ok, "own consent");
        yield return new MatrixCase(p1, Transaction(ObservationType, P1), Forbidden, "a patient changes only their consents");

        // Anything of p2.
        yield return new MatrixCase(p1, Read(PatientType, P2), Forbidden, "another patient's record");
        yield return new MatrixCase(p1, Read(ObservationType, ObservationP2), Forbidden, "another patient's record");
        yield return new MatrixCase(p1, VRead(ObservationType, ObservationP2), Forbidden, "another patient's record");
        yield return new MatrixCase(p1, History(ObservationType, ObservationP2), Forbidden, "another patient's record");
        yield return new MatrixCase(p1, Search(PatientType, P2), Forbidden, "another patient's record");
        yield return new MatrixCase(p1, Search(ObservationType, P2), Forbidden, "another patient's record");
        yield return new MatrixCase(p1, Search(ConsentType, P2), Forbidden, "another patient's record");
        yield return new MatrixCase(p1, Create(ObservationType, P2), Forbidden, "another patient's record");
        yield return new MatrixCase(p1, Create(ConsentType, P2), Forbidden, "another patient's record");
        yield return new MatrixCase(p1, Transaction(ConsentType, P2), Forbidden, "another patient's record");

        // patient/*.cruds covers AuditEvent too; a patient sees the trail of their own record only.
        yield return new MatrixCase(p1, AuditSearch(P1), Ok, "own audit trail", MatrixChecks.SomethingFound);
        yield return new MatrixCase(p1, AuditSearch(P2), Forbidden, "another patient's audit trail");
        yield return new MatrixCase(p1, AuditReadAbout(P1), Ok, "an entry about the patient's own record");
        // By design another patient's entry is answered as missing, so its existence is not disclosed.
        yield return new MatrixCase(p1, AuditReadAbout(P2), NotFound, "another patient's entry is hidden");

        var narrow = MatrixCaller.PatientP1ObservationsOnly;
        yield return new MatrixCase(narrow, Read(ObservationType, ObservationP1), Ok, "own Observation within the scope");
        yield return new MatrixCase(narrow, Search(ObservationType, P1), Ok, "own Observations within the scope");
        yield return new MatrixCase(narrow, Read(ConsentType, ConsentP1), Forbidden, "no Consent scope", MatrixChecks.MissingScope);
        yield return new MatrixCase(narrow, Search(ConsentType, P1), Forbidden, "no Consent scope", MatrixChecks.MissingScope);
        yield return new MatrixCase(narrow, Read(PatientType, P1), Forbidden, "no Patient scope", MatrixChecks.MissingScope);
        yield return new MatrixCase(narrow, Create(ConsentType, P1), Forbidden, "no Consent scope", MatrixChecks.MissingScope);
        yield return new MatrixCase(narrow, AuditSearch(P1), Forbidden, "no AuditEvent scope", MatrixChecks.MissingScope);
    }

    private static IEnumerable<MatrixCase> PractitionerCases()
    {
        var lee = MatrixCaller.DrLee;
        yield return new MatrixCase(lee, Read(ObservationType, ObservationP1), Ok, "p1's consent permits TREAT", MatrixChecks.Returns(ObservationType, ObservationP1));
        yield return new MatrixCase(lee, VRead(ObservationType, ObservationP1), Ok, "p1's consent permits TREAT");
        yield return new MatrixCase(lee, History(ObservationType, ObservationP1), Ok, "p1's consent permits TREAT");
        yield return new MatrixCase(lee, Search(ObservationType, P1), Ok, "p1's consent permits TREAT", MatrixChecks.SomethingFound);

        yield return new MatrixCase(lee, Read(ObservationType, ObservationP2), Forbidden, "no consent permits", MatrixChecks.NoConsentPermits);
        yield return new MatrixCase(lee, VRead(ObservationType, ObservationP2), Forbidden, "no consent permits", MatrixChecks.NoConsentPermits);
        yield return new MatrixCase(lee, History(ObservationType, ObservationP2), Forbidden, "no consent permits", MatrixChecks.NoConsentPermits);
        yield return new MatrixCase(
            lee, Search(ObservationType, P2), Ok, "nothing returned, the withheld Observation ledgered as a denial", MatrixChecks.NothingReturnedButDenialLedgered(DrLee));

        yield return new MatrixCase(lee, Read(PatientType, P1), Forbidden, "the consent covers only Observation", MatrixChecks.NoConsentPermits);
        yield return new MatrixCase(lee, VRead(PatientType, P1), Forbidden, "the consent covers only Observation", MatrixChecks.NoConsentPermits);
        yield return new MatrixCase(lee, History(PatientType, P1), Forbidden, "the consent covers only Observation", MatrixChecks.NoConsentPermits);
        yield return new MatrixCase(
            lee, Search(PatientType, P1), Ok, "nothing returned, the consent covers only Observation", MatrixChecks.NothingReturnedButDenialLedgered(DrLee));

        yield return new MatrixCase(lee, Read(ConsentType, ConsentP1), Forbidden, "consents are not disclosed to practitioners");
        yield return new MatrixCase(lee, VRead(ConsentType, ConsentP1), Forbidden, "consents are not disclosed to practitioners");
        yield return new MatrixCase(lee, History(ConsentType, ConsentP1), Forbidden, "consents are not disclosed to practitioners");
        yield return new MatrixCase(lee, Search(ConsentType, P1), Forbidden, "consents are not disclosed to practitioners");

        foreach (var type in new[] { PatientType, ObservationType, ConsentType })
        {
            yield return new MatrixCase(lee, Create(type, P1), Forbidden, "practitioners only read", MatrixChecks.MissingScope);
            yield return new MatrixCase(lee, Update(type, P1), Forbidden, "practitioners only read", MatrixChecks.MissingScope);
            yield return new MatrixCase(lee, Delete(type, P1), Forbidden, "practitioners only read", MatrixChecks.MissingScope);
        }

        yield return new MatrixCase(lee, Transaction(ObservationType, P1), Forbidden, "practitioners only read", MatrixChecks.MissingScope);

        // user/*.rs covers AuditEvent; a practitioner sees only the trail of their own accesses.
        yield return new MatrixCase(lee, AuditSearchAfterOwnRead(P1), Ok, "only the practitioner's own accesses", MatrixChecks.OnlyAccessesBy(DrLee));
        yield return new MatrixCase(lee, AuditReadOfOwnAccess, Ok, "the practitioner's own access");
        yield return new MatrixCase(lee, AuditReadAbout(P1), NotFound, "another actor's entry is hidden");

        var who = MatrixCaller.DrWho;
        yield return new MatrixCase(who, Read(ObservationType, ObservationP1), Forbidden, "no consent names dr-who", MatrixChecks.NoConsentPermits);
        yield return new MatrixCase(
            who, Search(ObservationType, P1), Ok, "nothing returned, no consent names dr-who", MatrixChecks.NothingReturnedButDenialLedgered("Practitioner/dr-who"));
    }

    private static IEnumerable<MatrixCase> BreakGlassCases()
    {
        yield return new MatrixCase(
            MatrixCaller.DrLeeBreakingGlass, Read(ObservationType, ObservationP2), Ok, "break-the-glass with a stated reason", MatrixChecks.Returns(ObservationType, ObservationP2));
        yield return new MatrixCase(
            MatrixCaller.DrLeeBreakingGlass, Read(ConsentType, ConsentP1), Forbidden, "break-the-glass does not disclose consents");
        yield return new MatrixCase(
            MatrixCaller.DrLeeBreakingGlass, Create(ObservationType, P2), Forbidden, "break-the-glass does not grant writes");
        yield return new MatrixCase(
            MatrixCaller.DrLeeEmergencyWithoutReason, Read(ObservationType, ObservationP2), Forbidden, "ETREAT without a reason is no break-the-glass", MatrixChecks.NoConsentPermits);
        yield return new MatrixCase(
            MatrixCaller.DrLeeReasonWithTreatment, Read(ObservationType, ObservationP2), BadRequest, "a break-the-glass reason needs purpose ETREAT");
    }

    private static IEnumerable<MatrixCase> OrganizationCases()
    {
        var feed = MatrixCaller.Feed;
        foreach (var (type, id) in P1Resources)
        {
            yield return new MatrixCase(feed, Read(type, id), Ok, "custodian within system/*.cruds", MatrixChecks.Returns(type, id));
            yield return new MatrixCase(feed, VRead(type, id), Ok, "custodian within system/*.cruds");
            yield return new MatrixCase(feed, History(type, id), Ok, "custodian within system/*.cruds");
            yield return new MatrixCase(feed, Search(type, P1), Ok, "custodian within system/*.cruds", MatrixChecks.SomethingFound);
            yield return new MatrixCase(feed, Create(type, P1), Created, "custodian within system/*.cruds");
            yield return new MatrixCase(feed, Update(type, P1), Ok, "custodian within system/*.cruds");
            yield return new MatrixCase(feed, Delete(type, P1), Ok, "custodian within system/*.cruds");
        }

        yield return new MatrixCase(feed, Read(ObservationType, ObservationP2), Ok, "custodian within system/*.cruds");
        yield return new MatrixCase(feed, Transaction(ObservationType, P1), Ok, "custodian within system/*.cruds");
        yield return new MatrixCase(feed, Transaction(PatientType, P1), Ok, "custodian within system/*.cruds");

        // system/*.cruds: "*" is every resource type, AuditEvent included, and organizations see the whole
        // trail (AuditEventInteraction), so the feed may read the audit trail like the privacy office.
        yield return new MatrixCase(feed, AuditSearch(P1), Ok, "system/*.cruds covers AuditEvent", MatrixChecks.SomethingFound);
        yield return new MatrixCase(feed, AuditReadAbout(P2), Ok, "system/*.cruds covers AuditEvent");

        var office = MatrixCaller.PrivacyOffice;
        yield return new MatrixCase(office, AuditSearch(P1), Ok, "system/AuditEvent.rs", MatrixChecks.SomethingFound);
        yield return new MatrixCase(office, AuditSearch(P2), Ok, "system/AuditEvent.rs", MatrixChecks.SomethingFound);
        yield return new MatrixCase(office, AuditReadAbout(P1), Ok, "system/AuditEvent.rs");
        yield return new MatrixCase(office, Read(ObservationType, ObservationP1), Forbidden, "no Observation scope", MatrixChecks.MissingScope);
        yield return new MatrixCase(office, Search(ObservationType, P1), Forbidden, "no Observation scope", MatrixChecks.MissingScope);
        yield return new MatrixCase(office, Read(PatientType, P1), Forbidden, "no Patient scope", MatrixChecks.MissingScope);
    }
}
