using System.Text;
using CareChain.Server.Fhir.Formatting;
using Hl7.Fhir.Model;

namespace CareChain.Server.Tests.Fhir.Formatting;

public sealed class FhirWireRequestTests
{
    private const string PatientJson = "{\"resourceType\":\"Patient\",\"active\":true}";
    private const string PatientXml = "<Patient xmlns=\"http://hl7.org/fhir\"><active value=\"true\"/></Patient>";

    private readonly FhirWire _wire = new();

    [Theory]
    [InlineData("application/fhir+json", PatientJson)]
    [InlineData("application/fhir+json; charset=utf-8", PatientJson)]
    [InlineData("application/json", PatientJson)]
    [InlineData("application/json;charset=UTF-8", PatientJson)]
    [InlineData("application/fhir+xml", PatientXml)]
    [InlineData("application/xml; charset=utf-8", PatientXml)]
    [InlineData("text/xml", PatientXml)]
    public async System.Threading.Tasks.Task Supported_content_types_are_read(string contentType, string body)
    {
        var resource = await _wire.ReadRequestAsync(FhirRequests.WithBody(contentType, body), TestContext.Current.CancellationToken);

        Assert.True(Assert.IsType<Patient>(resource).Active);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/fhir+json; charset=iso-8859-1")]
    [InlineData("application/fhir+turtle")]
    public async System.Threading.Tasks.Task Other_content_types_are_unsupported(string? contentType)
    {
        var refusal = await Assert.ThrowsAsync<FhirInputException>(
            () => _wire.ReadRequestAsync(FhirRequests.WithBody(contentType, PatientJson), TestContext.Current.CancellationToken));

        Assert.Equal(415, refusal.StatusCode);
        Assert.Equal("not-supported", FhirRequests.Codes(refusal.Outcome));
    }

    [Fact]
    public async System.Threading.Tasks.Task Body_over_one_mebibyte_is_too_large()
    {
        var padding = new string(' ', FhirWire.MaxBodyBytes);
        var body = Encoding.UTF8.GetBytes(PatientJson[..^1] + padding + "}");

        var refusal = await Assert.ThrowsAsync<FhirInputException>(
            () => _wire.ReadRequestAsync(FhirRequests.WithBody(FhirMediaTypes.Json, body), TestContext.Current.CancellationToken));

        Assert.Equal(413, refusal.StatusCode);
        Assert.Equal("too-long", FhirRequests.Codes(refusal.Outcome));
    }

    [Fact]
    public async System.Threading.Tasks.Task Declared_length_over_the_limit_is_refused_before_reading()
    {
        var request = FhirRequests.WithBody(FhirMediaTypes.Json, Encoding.UTF8.GetBytes(PatientJson), contentLength: FhirWire.MaxBodyBytes + 1L);

        var refusal = await Assert.ThrowsAsync<FhirInputException>(() => _wire.ReadRequestAsync(request, TestContext.Current.CancellationToken));

        Assert.Equal(413, refusal.StatusCode);
        Assert.Equal(0, request.Body.Position);
    }

    [Fact]
    public async System.Threading.Tasks.Task Body_of_exactly_the_limit_is_read()
    {
        var padding = new string(' ', FhirWire.MaxBodyBytes - PatientJson.Length);
        var body = Encoding.UTF8.GetBytes(PatientJson[..^1] + padding + "}");

        var resource = await _wire.ReadRequestAsync(FhirRequests.WithBody(FhirMediaTypes.Json, body), TestContext.Current.CancellationToken);

        Assert.IsType<Patient>(resource);
    }

    [Fact]
    public async System.Threading.Tasks.Task Byte_order_mark_is_accepted()
    {
        var body = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(PatientJson)).ToArray();

        var resource = await _wire.ReadRequestAsync(FhirRequests.WithBody(FhirMediaTypes.Json, body), TestContext.Current.CancellationToken);

        Assert.IsType<Patient>(resource);
    }

    [Fact]
    public async System.Threading.Tasks.Task Invalid_content_is_refused_with_422()
    {
        var request = FhirRequests.WithBody(FhirMediaTypes.Json, "{\"resourceType\":\"Observation\",\"status\":\"bogus\",\"code\":{\"text\":\"x\"}}");

        var refusal = await Assert.ThrowsAsync<FhirInputException>(() => _wire.ReadRequestAsync(request, TestContext.Current.CancellationToken));

        Assert.Equal(422, refusal.StatusCode);
        Assert.Equal("Observation.status", FhirRequests.Expressions(refusal.Outcome));
    }
}
