using System.Text;
using System.Xml.Linq;
using CareChain.Server.Fhir.Formatting;
using Hl7.Fhir.Model;

namespace CareChain.Server.Tests.Fhir.Formatting;

public sealed class FhirRoundTripTests
{
    private readonly FhirWire _wire = new();

    public static TheoryData<string> Examples() =>
    [
        "Patient-example.json",
        "Observation-example.json",
        "Observation-blood-pressure.json",
        "Observation-f001.json",
        "Consent-consent-example-basic.json",
        "Consent-consent-example-smartonfhir.json",
        "Consent-consent-example-notThis.json",
        "Bundle-bundle-transaction.json",
        "Bundle-lipids.json",
    ];

    [Theory]
    [MemberData(nameof(Examples))]
    public void Official_example_round_trips_through_json(string file)
    {
        var original = _wire.ParseUntrusted(FhirExampleFiles.Read(file), FhirFormat.Json);

        var stored = _wire.SerializeToJson(original);
        var reread = _wire.ParseStoredJson(stored);

        Assert.True(original.IsExactly(reread), $"{file} changed on its way through JSON.");
        Assert.Equal(stored, _wire.SerializeToJson(reread));
        Assert.DoesNotContain('\n', stored);
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Official_example_round_trips_through_xml(string file)
    {
        var original = _wire.ParseUntrusted(FhirExampleFiles.Read(file), FhirFormat.Json);

        var xml = _wire.Serialize(original, FhirFormat.Xml);
        var reread = _wire.ParseUntrusted(xml, FhirFormat.Xml);

        // XML readers drop whitespace between narrative tags, so the narrative is compared by its text.
        Assert.True(WithoutNarrative(original).IsExactly(WithoutNarrative(reread)), $"{file} changed on its way through XML.");
        Assert.Equal(NarrativeText(original), NarrativeText(reread));
        var again = _wire.Serialize(reread, FhirFormat.Xml);
        Assert.Equal(again, _wire.Serialize(_wire.ParseUntrusted(again, FhirFormat.Xml), FhirFormat.Xml));
        Assert.StartsWith("<" + original.TypeName + " xmlns=\"http://hl7.org/fhir\"", Encoding.UTF8.GetString(xml), StringComparison.Ordinal);
    }

    private static Resource WithoutNarrative(Resource resource)
    {
        var copy = (Resource)resource.DeepCopy();
        foreach (var domain in Nested(copy).OfType<DomainResource>())
        {
            domain.Text = null;
        }

        return copy;
    }

    private static List<string> NarrativeText(Resource resource) =>
        [.. Nested(resource).OfType<DomainResource>().Select(r => r.Text?.Div is { } div ? Collapse(XElement.Parse(div).Value) : string.Empty)];

    private static IEnumerable<Resource> Nested(Resource resource)
    {
        yield return resource;
        var children = resource switch
        {
            Bundle bundle => bundle.Entry.Select(e => e.Resource).OfType<Resource>(),
            DomainResource domain => domain.Contained,
            _ => [],
        };
        foreach (var nested in children.SelectMany(Nested))
        {
            yield return nested;
        }
    }

    private static string Collapse(string text) => string.Join(' ', text.Split((char[])[' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries));

    [Fact]
    public void Pretty_output_is_indented_and_means_the_same()
    {
        var patient = _wire.ParseUntrusted(FhirExampleFiles.Read("Patient-example.json"), FhirFormat.Json);

        var pretty = _wire.Serialize(patient, FhirFormat.Json, pretty: true);

        Assert.Contains((byte)'\n', pretty);
        Assert.True(patient.IsExactly(_wire.ParseUntrusted(pretty, FhirFormat.Json)));
    }

    [Fact]
    public void Stored_json_parses_as_the_expected_type()
    {
        var stored = _wire.SerializeToJson(new Patient { Id = "p1", Active = true });

        Assert.Equal("p1", _wire.ParseStoredJson<Patient>(stored).Id);
        Assert.Throws<InvalidDataException>(() => _wire.ParseStoredJson<Observation>(stored));
    }

    [Fact]
    public void Corrupt_stored_json_is_a_server_error_not_a_client_one()
    {
        Assert.Throws<InvalidDataException>(() => _wire.ParseStoredJson("{\"resourceType\":\"Patient\",\"active\":"));
    }
}
