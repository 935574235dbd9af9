using CareChain.Server.Fhir.Formatting;
using Hl7.Fhir.Model;

namespace CareChain.Server.Tests.Fhir.Formatting;

public sealed class FhirResourceResultTests
{
    private static readonly Patient Patient = new() { Id = "p1", Active = true };

    [Theory]
    [InlineData(null, null, "application/fhir+json; charset=utf-8", "{\"resourceType\":\"Patient\"")]
    [InlineData("?_format=xml", null, "application/fhir+xml; charset=utf-8", "<Patient xmlns=\"http://hl7.org/fhir\">")]
    [InlineData(null, "application/fhir+xml", "application/fhir+xml; charset=utf-8", "<Patient xmlns=\"http://hl7.org/fhir\">")]
    [InlineData(null, "application/json", "application/fhir+json; charset=utf-8", "{\"resourceType\":\"Patient\"")]
    public async System.Threading.Tasks.Task Resource_is_written_in_the_negotiated_format(string? query, string? accept, string contentType, string start)
    {
        var context = FhirRequests.Context(query, accept);

        await FhirResults.Resource(Patient).ExecuteAsync(context);

        Assert.Equal(200, context.Response.StatusCode);
        Assert.Equal(contentType, context.Response.ContentType);
        Assert.StartsWith(start, FhirRequests.Body(context), StringComparison.Ordinal);
    }

    [Fact]
    public async System.Threading.Tasks.Task Versioning_and_extra_headers_are_written()
    {
        var context = FhirRequests.Context();
        var result = FhirResults.Resource(
            201,
            Patient,
            version: "3",
            lastModified: new DateTimeOffset(2026, 1, 2, 4, 5, 6, TimeSpan.FromHours(1)),
            location: "/fhir/Patient/p1/_history/3",
            headers: new Dictionary<string, string> { ["X-Ledger-Entry"] = "0/17" });

        await result.ExecuteAsync(context);

        var headers = context.Response.Headers;
        Assert.Equal(201, context.Response.StatusCode);
        Assert.Equal("W/\"3\"", headers.ETag.ToString());
        Assert.Equal("Fri, 02 Jan 2026 03:05:06 GMT", headers.LastModified.ToString());
        Assert.Equal("/fhir/Patient/p1/_history/3", headers.Location.ToString());
        Assert.Equal("0/17", headers["X-Ledger-Entry"].ToString());
    }

    [Fact]
    public async System.Threading.Tasks.Task Unacceptable_format_gets_406_outcome_in_json()
    {
        var context = FhirRequests.Context(accept: "text/html");

        await FhirResults.Resource(Patient).ExecuteAsync(context);

        Assert.Equal(406, context.Response.StatusCode);
        Assert.Equal(FhirMediaTypes.JsonContentType, context.Response.ContentType);
        var outcome = new FhirWire().ParseUntrusted(FhirRequests.Body(context), FhirFormat.Json);
        Assert.Equal("not-supported", FhirRequests.Codes(Assert.IsType<OperationOutcome>(outcome)));
    }

    [Fact]
    public async System.Threading.Tasks.Task Result_without_resource_has_no_body()
    {
        var context = FhirRequests.Context();

        await new FhirResourceResult(204, null) { ETag = "4" }.ExecuteAsync(context);

        Assert.Equal(204, context.Response.StatusCode);
        Assert.Equal("W/\"4\"", context.Response.Headers.ETag.ToString());
        Assert.Equal(string.Empty, FhirRequests.Body(context));
    }

    [Fact]
    public async System.Threading.Tasks.Task Pretty_output_is_indented()
    {
        var context = FhirRequests.Context("?_pretty=true");

        await FhirResults.Resource(Patient).ExecuteAsync(context);

        Assert.Contains('\n', FhirRequests.Body(context));
    }

    [Theory]
    [InlineData(null, "Bearer")]
    [InlineData("Bearer expired", "Bearer error=\"invalid_token\"")]
    public async System.Threading.Tasks.Task Unauthenticated_outcome_challenges_for_a_bearer_token(string? authorization, string challenge)
    {
        var context = FhirRequests.Context();
        if (authorization is not null)
        {
            context.Request.Headers.Authorization = authorization;
        }

        await FhirResults.Outcome(401, FhirOutcomes.Unauthenticated()).ExecuteAsync(context);

        Assert.Equal(401, context.Response.StatusCode);
        Assert.Equal(challenge, context.Response.Headers.WWWAuthenticate.ToString());
        Assert.Contains("\"code\":\"login\"", FhirRequests.Body(context), StringComparison.Ordinal);
    }
}
