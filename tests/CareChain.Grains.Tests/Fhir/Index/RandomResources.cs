using System.Globalization;
using Hl7.Fhir.Model;
using FhirConsent = Hl7.Fhir.Model.Consent;

namespace CareChain.Grains.Tests.Fhir.Index;

/// <summary>
/// Small random resources and queries drawn from shared vocabularies, so that queries often hit,
/// sometimes only partly (a prefix, another system, a neighbouring date), and sometimes miss.
/// </summary>
internal sealed class RandomResources(int seed)
{
    private static readonly string[] Names = ["Zoë", "Muñoz", "Anne-Marie", "O'Brien", "Éloïse", "Chalmers", "chal", "ÿvonne", "Ωmega", "李"];
    private static readonly string[] Systems = ["http://loinc.org", "http://snomed.info/sct", ""];
    private static readonly string[] Codes = ["a1", "a2", "b1"];
    private static readonly string[] Genders = ["male", "female", "other", "unknown"];
    private static readonly string[] ObservationStatuses = ["final", "preliminary", "amended"];
    private static readonly string[] ConsentStatuses = ["active", "inactive", "draft", "proposed"];
    private static readonly string[] Actors = ["Practitioner/1", "Practitioner/2", "Organization/1", "Patient/p01"];
    private static readonly string[] Purposes = ["TREAT", "ETREAT", "HRESCH"];
    private static readonly string[] Prefixes = ["", "eq", "ne", "lt", "gt", "le", "ge", "sa", "eb"];
    private static readonly string[] Zones = ["Z", "+02:00", "-05:00", ""];

#pragma warning disable CA5394 // Deterministic test data, not security.
    private readonly Random _random = new(seed);

    public Resource Patient(string id) => new Patient
    {
        Id = id,
        Meta = _random.Next(2) == 0 ? null : new Meta { LastUpdated = new DateTimeOffset(2021, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(_random.Next(3 * 365 * 24 * 3600)) },
        Identifier = [.. Some(2, () => new Identifier(Maybe(One(["urn:a", "urn:b"])), One(["1", "12", "123"])))],
        Name = [.. Some(2, () => new HumanName { Family = One(Names), Given = [.. Some(2, () => One(Names))], Text = Maybe(One(Names) + " " + One(Names)) })],
        BirthDate = Maybe(DateText(withTime: false)),
        Gender = _random.Next(5) switch
        {
            0 => AdministrativeGender.Male,
            1 => AdministrativeGender.Female,
            2 => AdministrativeGender.Other,
            3 => AdministrativeGender.Unknown,
            _ => null,
        },
    };

    public Resource Observation(string id, string owner) => new Observation
    {
        Id = id,
        Subject = new ResourceReference("Patient/" + owner),
        Status = (ObservationStatus)_random.Next(3),
        Code = new CodeableConcept { Coding = [.. Some(2, Coding)] },
        Category = [.. Some(2, () => new CodeableConcept { Coding = [Coding()] })],
        Effective = _random.Next(4) switch
        {
            0 => null,
            1 => new Period { Start = Maybe(DateText(withTime: true)), End = Maybe(DateText(withTime: true)) },
            _ => new FhirDateTime(DateText(withTime: true)),
        },
    };

    public Resource Consent(string id, string owner) => new FhirConsent
    {
        Id = id,
        Patient = new ResourceReference("Patient/" + owner),
        Status = (FhirConsent.ConsentState)_random.Next(3),
        Category = [.. Some(2, () => new CodeableConcept { Coding = [Coding()] })],
        Provision = new FhirConsent.provisionComponent
        {
            Period = _random.Next(2) == 0 ? null : new Period { Start = Maybe(DateText(withTime: true)), End = Maybe(DateText(withTime: true)) },
            Actor = [.. Some(2, () => new FhirConsent.provisionActorComponent { Reference = new ResourceReference(One(Actors)) })],
            Purpose = [.. Some(1, () => new Coding("http://terminology.hl7.org/CodeSystem/v3-ActReason", One(Purposes)))],
            Provision = [.. Some(1, () => new FhirConsent.provisionComponent
            {
                Actor = [new FhirConsent.provisionActorComponent { Reference = new ResourceReference(One(Actors)) }],
                Purpose = [new Coding("http://terminology.hl7.org/CodeSystem/v3-ActReason", One(Purposes))],
            })],
        },
    };

    /// <summary>A query string over 1 to 3 parameters of the type, each with 1 to 3 values.</summary>
    public string Query(string resourceType, IReadOnlyList<string> patientIds)
    {
        var parameters = resourceType switch
        {
            "Patient" => new[] { "_id", "identifier", "name", "family", "given", "birthdate", "gender", "_lastUpdated" },
            "Observation" => ["_id", "patient", "subject", "code", "date", "category", "status"],
            _ => ["_id", "patient", "status", "actor", "purpose", "period", "category"],
        };
        var parts = new List<string>();
        for (var n = _random.Next(1, 4); n > 0; n--)
        {
            var parameter = One(parameters);
            var (modifier, value) = QueryValue(resourceType, parameter, patientIds);
            parts.Add(Uri.EscapeDataString(parameter + modifier) + "=" + Uri.EscapeDataString(string.Join(',', Enumerable.Range(0, _random.Next(1, 4)).Select(_ => value()))));
        }

        return string.Join('&', parts);
    }

    private (string Modifier, Func<string> Value) QueryValue(string resourceType, string parameter, IReadOnlyList<string> patientIds) => parameter switch
    {
        "_id" => (Maybe(":not") ?? string.Empty, () => resourceType == "Patient" ? One(patientIds) : One(["o-1", "o-2", "c-1", "c-3", "x"])),
        "identifier" => (Maybe(":not") ?? string.Empty, () => TokenQuery(["urn:a", "urn:b"], ["1", "12", "123"])),
        "name" or "family" or "given" => (One(["", "", ":exact", ":contains"]), StringQuery),
        "birthdate" or "date" or "period" or "_lastUpdated" => (string.Empty, () => One(Prefixes) + DateText(withTime: _random.Next(2) == 0, minutePrecision: true)),
        "gender" => (Maybe(":not") ?? string.Empty, () => TokenQuery(["http://hl7.org/fhir/administrative-gender"], Genders)),
        "status" => (Maybe(":not") ?? string.Empty, () => TokenQuery(
            [resourceType == "Consent" ? "http://hl7.org/fhir/consent-state-codes" : "http://hl7.org/fhir/observation-status"],
            resourceType == "Consent" ? ConsentStatuses : ObservationStatuses)),
        "code" or "category" => (Maybe(":not") ?? string.Empty, () => TokenQuery(Systems, Codes)),
        "purpose" => (string.Empty, () => TokenQuery(["http://terminology.hl7.org/CodeSystem/v3-ActReason"], Purposes)),
        "actor" => (string.Empty, () => One([.. Actors, "1", "p01"])),
        "patient" => (string.Empty, () => One(["", "Patient/"]) + One(patientIds)),
        _ => (string.Empty, () => One(["Patient/", "Group/", ""]) + One(patientIds)),
    };

    private string TokenQuery(string[] systems, string[] codes) => _random.Next(4) switch
    {
        0 => One(codes),
        1 => "|" + One(codes),
        2 => One(systems) + "|",
        _ => One(systems) + "|" + One(codes),
    } switch
    {
        "|" => One(codes),
        var token => token,
    };

    private string StringQuery()
    {
        var name = One(Names);
        var prefix = name[.._random.Next(1, name.Length + 1)];
        return _random.Next(3) == 0 ? prefix.ToUpperInvariant() : prefix;
    }

    private Coding Coding()
    {
        var system = One(Systems);
        return new Coding(system.Length == 0 ? null : system, One(Codes));
    }

    private string DateText(bool withTime, bool minutePrecision = false)
    {
        var date = new DateTime(2021, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(_random.Next(3 * 365 * 24 * 60));
        if (!withTime)
        {
            return _random.Next(3) switch
            {
                0 => date.ToString("yyyy", CultureInfo.InvariantCulture),
                1 => date.ToString("yyyy-MM", CultureInfo.InvariantCulture),
                _ => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            };
        }

        var zone = One(Zones);
        return _random.Next(4) switch
        {
            0 => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            1 when minutePrecision => date.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture) + (zone.Length == 0 ? "Z" : zone),
            2 => date.ToString("yyyy-MM-ddTHH:mm:ss.fff", CultureInfo.InvariantCulture) + zone,
            _ => date.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture) + zone,
        };
    }

    private List<T> Some<T>(int max, Func<T> make) => [.. Enumerable.Range(0, _random.Next(max + 1)).Select(_ => make())];

    private string? Maybe(string value) => _random.Next(2) == 0 ? null : value;

    private string One(IReadOnlyList<string> values) => values[_random.Next(values.Count)];
#pragma warning restore CA5394
}
