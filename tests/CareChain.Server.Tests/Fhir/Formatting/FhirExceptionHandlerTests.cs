using CareChain.Server.Fhir.Formatting;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Logging.Abstractions;

namespace CareChain.Server.Tests.Fhir.Formatting;

public sealed class FhirExceptionHandlerTests
{
    private readonly FhirExceptionHandler _handler = new(NullLogger<FhirExceptionHandler>.Instance);

    [Fact]
    public async System.Threading.Tasks.Task Unexpected_exception_becomes_a_500_without_its_message()
    {
        var context = FhirRequests.Context();
        context.TraceIdentifier = "trace-42";

        var handled = await _handler.TryHandleAsync(context, new InvalidOperationException("Patient Jane Doe, born 1970-01-01"), TestContext.Current.CancellationToken);

        Assert.True(handled);
        Assert.Equal(500, context.Response.StatusCode);
        var body = FhirRequests.Body(context);
        Assert.DoesNotContain("Jane", body, StringComparison.Ordinal);
        Assert.DoesNotContain("1970", body, StringComparison.Ordinal);
        Assert.Contains("trace-42", body, StringComparison.Ordinal);
        Assert.Contains("\"code\":\"exception\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async System.Threading.Tasks.Task Refused_input_becomes_its_own_status_and_outcome()
    {
        var context = FhirRequests.Context(accept: FhirMediaTypes.Xml);
        var refusal = new FhirInputException(422, FhirOutcomes.Error(OperationOutcome.IssueType.Required, "Required element 'Consent.status' is missing.", "Consent.status"));

        var handled = await _handler.TryHandleAsync(context, refusal, TestContext.Current.CancellationToken);

        Assert.True(handled);
        Assert.Equal(422, context.Response.StatusCode);
        Assert.Equal(FhirMediaTypes.XmlContentType, context.Response.ContentType);
        Assert.Contains("<expression value=\"Consent.status\" />", FhirRequests.Body(context), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/ledger/entries")]
    [InlineData("/fhirish")]
    [InlineData("/healthz")]
    public async System.Threading.Tasks.Task Other_paths_are_left_to_the_next_handler(string path)
    {
        var context = FhirRequests.Context();
        context.Request.Path = path;

        var handled = await _handler.TryHandleAsync(context, new InvalidOperationException("boom"), TestContext.Current.CancellationToken);

        Assert.False(handled);
        Assert.Equal(string.Empty, FhirRequests.Body(context));
    }

    [Fact]
    public void Refusal_message_is_a_summary_without_diagnostics()
    {
        var refusal = new FhirInputException(422, FhirOutcomes.Error(OperationOutcome.IssueType.CodeInvalid, "Element 'Patient.gender' has the code 'Secret'.", "Patient.gender"));

        Assert.DoesNotContain("Secret", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("422", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("code-invalid", refusal.Message, StringComparison.Ordinal);
    }
}
