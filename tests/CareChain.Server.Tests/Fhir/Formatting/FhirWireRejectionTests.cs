using CareChain.Server.Fhir.Formatting;
using Hl7.Fhir.Model;

namespace CareChain.Server.Tests.Fhir.Formatting;

public sealed class FhirWireRejectionTests
{
    private const string Code = "\"code\":{\"text\":\"Glucose\"}";

    private readonly FhirWire _wire = new();

    [Theory]
    [InlineData("{\"resourceType\":\"Patient\",\"active\":true", 400, "structure", "")]
    [InlineData("{\"resourceType\":\"Patient\",\"active\":true} trailing", 400, "structure", "")]
    [InlineData("{\"resourceType\":\"Patient\",\"active\":true}{}", 400, "structure", "")]
    [InlineData("[{\"resourceType\":\"Patient\"}]", 400, "structure", "")]
    [InlineData("{\"active\":true}", 400, "structure", "Resource")]
    [InlineData("{\"resourceType\":\"Patient\",\"gender\":\"male\",\"gender\":\"female\"}", 400, "structure", "Patient.gender")]
    [InlineData("{\"resourceType\":\"Observation\",\"status\":\"final\"," + Code + ",\"value\":\"7\"}", 400, "structure,structure", "Observation.value,Observation.value")]
    [InlineData("{\"resourceType\":\"Observation\",\"status\":\"final\"," + Code + ",\"bogusElement\":1}", 422, "structure", "Observation.bogusElement")]
    [InlineData("{\"resourceType\":\"Observation\",\"status\":\"final\"," + Code + ",\"valueQuantity\":{\"value\":\"7.2\"}}", 422, "value", "Observation.value.value")]
    [InlineData("{\"resourceType\":\"Patient\",\"name\":[{\"given\":[\"Ann\",5]}]}", 422, "value", "Patient.name[0].given[1]")]
    [InlineData("{\"resourceType\":\"Patient\",\"birthDate\":\"1990-13-45\"}", 422, "value", "Patient.birthDate")]
    [InlineData("{\"resourceType\":\"Patient\",\"name\":{\"family\":\"Doe\"}}", 422, "structure", "Patient.name[0]")]
    [InlineData("{\"resourceType\":\"Observation\",\"status\":\"bogus\"," + Code + "}", 422, "code-invalid", "Observation.status")]
    [InlineData("{\"resourceType\":\"Observation\",\"status\":\"final\"}", 422, "required", "Observation.code")]
    [InlineData("{\"resourceType\":\"Observation\"," + Code + "}", 422, "required", "Observation.status")]
    [InlineData("{\"resourceType\":\"Consent\",\"id\":\"c1\"}", 422, "required,required,required", "Consent.status,Consent.scope,Consent.category")]
    [InlineData("{\"resourceType\":\"Basic2\",\"id\":\"x\"}", 422, "not-supported", "Resource")]
    public void Invalid_json_is_refused_naming_the_element(string json, int status, string codes, string expressions)
    {
        var refusal = FhirRequests.Refusal(() => _wire.ParseUntrusted(json, FhirFormat.Json));

        Assert.Equal(status, refusal.StatusCode);
        Assert.Equal(codes, FhirRequests.Codes(refusal.Outcome));
        Assert.Equal(expressions, FhirRequests.Expressions(refusal.Outcome));
    }

    [Theory]
    [InlineData("<Patient xmlns=\"http://hl7.org/fhir\"><active value=\"true\"/>", 400, "structure", "")]
    [InlineData("<Patient xmlns=\"http://hl7.org/fhir\"/><Patient xmlns=\"http://hl7.org/fhir\"/>", 400, "structure", "")]
    [InlineData("<!DOCTYPE p [<!ENTITY x \"y\">]><Patient xmlns=\"http://hl7.org/fhir\"><active value=\"true\"/></Patient>", 400, "structure", "")]
    [InlineData("<Patient><active value=\"true\"/></Patient>", 400, "structure,structure", "Patient,Patient.active")]
    [InlineData("<Patient xmlns=\"http://hl7.org/fhir\"><active value=\"yes\"/></Patient>", 422, "value", "Patient.active")]
    [InlineData("<Patient xmlns=\"http://hl7.org/fhir\"><nickname value=\"x\"/></Patient>", 422, "structure", "Patient.nickname")]
    [InlineData("<Patient xmlns=\"http://hl7.org/fhir\"><birthDate value=\"01/02/1990\"/></Patient>", 422, "value", "Patient.birthDate")]
    [InlineData("<Observation xmlns=\"http://hl7.org/fhir\"><status value=\"bogus\"/><code><text value=\"x\"/></code></Observation>", 422, "code-invalid", "Observation.status")]
    [InlineData("<Observation xmlns=\"http://hl7.org/fhir\"><code><text value=\"x\"/></code></Observation>", 422, "required", "Observation.status")]
    public void Invalid_xml_is_refused_naming_the_element(string xml, int status, string codes, string expressions)
    {
        var refusal = FhirRequests.Refusal(() => _wire.ParseUntrusted(xml, FhirFormat.Xml));

        Assert.Equal(status, refusal.StatusCode);
        Assert.Equal(codes, FhirRequests.Codes(refusal.Outcome));
        Assert.Equal(expressions, FhirRequests.Expressions(refusal.Outcome));
    }

    [Fact]
    public void Every_problem_is_reported_not_just_the_first()
    {
        const string json = "{\"resourceType\":\"Observation\",\"status\":\"bogus\",\"issued\":\"yesterday\",\"unknown\":true,\"subject\":{\"reference\":\"Patient/1\"}}";

        var refusal = FhirRequests.Refusal(() => _wire.ParseUntrusted(json, FhirFormat.Json));

        Assert.Equal(422, refusal.StatusCode);
        Assert.Equal(
            ["Observation.code", "Observation.issued", "Observation.status", "Observation.unknown"],
            refusal.Outcome.Issue.Select(i => i.Expression.Single()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Resources_inside_a_bundle_are_validated_with_their_entry_path()
    {
        const string json = "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":["
            + "{\"resource\":{\"resourceType\":\"Patient\",\"active\":true}},"
            + "{\"resource\":{\"resourceType\":\"Patient\",\"birthDate\":\"someday\"}},"
            + "{\"resource\":{\"resourceType\":\"Observation\",\"status\":\"bogus\"," + Code + "}}]}";

        var refusal = FhirRequests.Refusal(() => _wire.ParseUntrusted(json, FhirFormat.Json));

        Assert.Equal(422, refusal.StatusCode);
        Assert.Equal("Bundle.entry[1].resource.birthDate,Bundle.entry[2].resource.status", FhirRequests.Expressions(refusal.Outcome));
    }

    [Fact]
    public void Diagnostics_name_the_element_without_echoing_free_text()
    {
        const string json = "{\"resourceType\":\"Patient\",\"birthDate\":\"Jane-Doe-1970\",\"name\":[{\"given\":[\"Jane\",{\"x\":\"Secret Smith\"}]}],\"gender\":\"Secret\"}";

        var refusal = FhirRequests.Refusal(() => _wire.ParseUntrusted(json, FhirFormat.Json));

        var text = string.Join(" ", refusal.Outcome.Issue.Select(i => i.Diagnostics)) + refusal.Message;
        Assert.DoesNotContain("Jane", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Smith", text, StringComparison.Ordinal);
        Assert.Contains("Patient.birthDate", text, StringComparison.Ordinal);

        // A rejected code is no free text, and naming it is what makes the message useful.
        Assert.Contains(refusal.Outcome.Issue, i => i.Code == OperationOutcome.IssueType.CodeInvalid && i.Diagnostics!.Contains("'Secret'", StringComparison.Ordinal));
    }

    [Fact]
    public void Diagnostics_are_one_sentence_about_the_element()
    {
        var refusal = FhirRequests.Refusal(() => _wire.ParseUntrusted("{\"resourceType\":\"Observation\",\"status\":\"final\",\"issued\":\"noon\"}", FhirFormat.Json));

        Assert.Equal(
            ["Element 'Observation.issued' does not have a valid format for its data type (instant).", "Required element 'Observation.code' is missing."],
            refusal.Outcome.Issue.Select(i => i.Diagnostics).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Deeply_nested_xml_is_refused_before_parsing()
    {
        var xml = "<Patient xmlns=\"http://hl7.org/fhir\">" + string.Concat(Enumerable.Repeat("<extension url=\"http://x\">", 100))
            + string.Concat(Enumerable.Repeat("</extension>", 100)) + "</Patient>";

        var refusal = FhirRequests.Refusal(() => _wire.ParseUntrusted(xml, FhirFormat.Xml));

        Assert.Equal(400, refusal.StatusCode);
    }

    [Fact]
    public void Empty_body_is_refused()
    {
        var refusal = FhirRequests.Refusal(() => _wire.ParseUntrusted("  ", FhirFormat.Json));

        Assert.Equal(400, refusal.StatusCode);
        Assert.Equal("required", FhirRequests.Codes(refusal.Outcome));
    }
}
