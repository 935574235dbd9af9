using CareChain.Server.Fhir.Formatting;

namespace CareChain.Server.Tests.Fhir.Formatting;

public sealed class FhirFormatNegotiationTests
{
    [Theory]
    [InlineData("json", FhirFormat.Json)]
    [InlineData("JSON", FhirFormat.Json)]
    [InlineData("application/json", FhirFormat.Json)]
    [InlineData("application/fhir+json", FhirFormat.Json)]
    [InlineData("application/fhir+json;charset=utf-8", FhirFormat.Json)]
    [InlineData("xml", FhirFormat.Xml)]
    [InlineData("text/xml", FhirFormat.Xml)]
    [InlineData("application/xml", FhirFormat.Xml)]
    [InlineData("application/fhir+xml", FhirFormat.Xml)]
    [InlineData("turtle", null)]
    [InlineData("text/html", null)]
    [InlineData("application/fhir+turtle", null)]
    public void Format_parameter_names_the_format(string value, FhirFormat? expected)
    {
        var context = FhirRequests.Context("?_format=" + Uri.EscapeDataString(value));

        Assert.Equal(expected, FhirFormatNegotiation.Negotiate(context.Request));
    }

    [Theory]
    [InlineData("xml", "application/fhir+json", FhirFormat.Xml)]
    [InlineData("json", "application/fhir+xml", FhirFormat.Json)]
    [InlineData("turtle", "application/fhir+json", null)]
    public void Format_parameter_wins_over_accept(string value, string accept, FhirFormat? expected)
    {
        var context = FhirRequests.Context("?_format=" + value, accept);

        Assert.Equal(expected, FhirFormatNegotiation.Negotiate(context.Request));
    }

    [Theory]
    [InlineData(null, FhirFormat.Json)]
    [InlineData("", FhirFormat.Json)]
    [InlineData("*/*", FhirFormat.Json)]
    [InlineData("application/*", FhirFormat.Json)]
    [InlineData("text/*", FhirFormat.Xml)]
    [InlineData("application/fhir+json", FhirFormat.Json)]
    [InlineData("application/json", FhirFormat.Json)]
    [InlineData("application/fhir+xml", FhirFormat.Xml)]
    [InlineData("application/xml", FhirFormat.Xml)]
    [InlineData("text/xml", FhirFormat.Xml)]
    [InlineData("application/fhir+xml, application/fhir+json", FhirFormat.Xml)]
    [InlineData("application/fhir+json, application/fhir+xml", FhirFormat.Json)]
    [InlineData("application/fhir+json;q=0.5, application/fhir+xml;q=0.9", FhirFormat.Xml)]
    [InlineData("application/fhir+xml;q=0.1, */*;q=0.5", FhirFormat.Json)]
    [InlineData("application/fhir+json;q=0, application/json;q=0, */*", FhirFormat.Xml)]
    [InlineData("text/html, application/xhtml+xml, application/xml;q=0.9, */*;q=0.8", FhirFormat.Xml)]
    [InlineData("text/html, */*;q=0.1", FhirFormat.Json)]
    [InlineData("text/html", null)]
    [InlineData("application/fhir+turtle, text/plain", null)]
    [InlineData("application/fhir+json;q=0, application/json;q=0, application/fhir+xml;q=0, application/xml;q=0, text/xml;q=0", null)]
    [InlineData("*/*;q=0", null)]
    [InlineData("not a media type", FhirFormat.Json)]
    public void Accept_header_is_negotiated_by_quality(string? accept, FhirFormat? expected)
    {
        var context = FhirRequests.Context(accept: accept);

        Assert.Equal(expected, FhirFormatNegotiation.Negotiate(context.Request));
    }

    [Theory]
    [InlineData("?_pretty=true", true)]
    [InlineData("?_pretty=TRUE", true)]
    [InlineData("?_pretty=false", false)]
    [InlineData("", false)]
    public void Pretty_is_asked_for_with_pretty_true(string query, bool expected)
    {
        Assert.Equal(expected, FhirFormatNegotiation.IsPretty(FhirRequests.Context(query).Request));
    }
}
