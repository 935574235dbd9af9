using System.Text;
using CareChain.Server.Fhir.Formatting;
using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;
using Microsoft.AspNetCore.Http;

namespace CareChain.Server.Tests.Fhir.Formatting;

/// <summary>Request contexts and outcome assertions shared by the wire tests.</summary>
internal static class FhirRequests
{
    public static DefaultHttpContext Context(string? query = null, string? accept = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Path = "/fhir/Patient/1";
        if (query is not null)
        {
            context.Request.QueryString = new QueryString(query);
        }

        if (accept is not null)
        {
            context.Request.Headers.Accept = accept;
        }

        context.Response.Body = new MemoryStream();
        return context;
    }

    public static HttpRequest WithBody(string? contentType, byte[] body, long? contentLength = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = HttpMethods.Post;
        context.Request.ContentType = contentType;
        context.Request.Body = new MemoryStream(body);
        context.Request.ContentLength = contentLength;
        return context.Request;
    }

    public static HttpRequest WithBody(string? contentType, string body) => WithBody(contentType, Encoding.UTF8.GetBytes(body));

    public static string Body(HttpContext context)
    {
        context.Response.Body.Position = 0;
        return new StreamReader(context.Response.Body, Encoding.UTF8).ReadToEnd();
    }

    public static FhirInputException Refusal(Action parse)
    {
        var refusal = Assert.Throws<FhirInputException>(parse);
        Assert.All(refusal.Outcome.Issue, issue => Assert.Equal(OperationOutcome.IssueSeverity.Error, issue.Severity));
        Assert.All(refusal.Outcome.Issue, issue => Assert.False(string.IsNullOrWhiteSpace(issue.Diagnostics)));
        return refusal;
    }

    public static string Codes(OperationOutcome outcome) => string.Join(",", outcome.Issue.Select(i => i.Code?.GetLiteral()));

    public static string Expressions(OperationOutcome outcome) => string.Join(",", outcome.Issue.Select(i => string.Join("|", i.Expression)));
}
