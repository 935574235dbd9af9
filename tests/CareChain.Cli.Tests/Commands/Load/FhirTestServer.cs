using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Task = System.Threading.Tasks.Task;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CareChain.Cli.Tests.Commands.Load;

/// <summary>
/// A stand-in for the CareChain FHIR endpoint, for testing the <c>load</c> client's behaviour only:
/// a real Kestrel server on 127.0.0.1 that records every request, answers <c>POST /fhir</c> with a
/// <c>transaction-response</c> (one entry per entry received) and an <c>X-Ledger-Entry</c> header,
/// or with an <c>OperationOutcome</c> when told to reject a request, and offers the Development
/// dev-token endpoint. It checks nothing about the data; the real server's end-to-end test does.
/// </summary>
internal sealed class FhirTestServer : IAsyncDisposable
{
    public const string DevToken = "dev-token-for-tests";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private int _transactions;

    private FhirTestServer(WebApplication app) => _app = app;

    public Uri Address { get; private set; } = null!;

    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

    /// <summary>The 1-based number of the transaction to answer with <see cref="RejectStatus"/> and an OperationOutcome.</summary>
    public int? RejectTransaction { get; set; }

    public int RejectStatus { get; set; } = StatusCodes.Status422UnprocessableEntity;

    public string RejectDiagnostics { get; set; } = "Observation.subject must reference a Patient in the same transaction";

    /// <summary>When set, a rejection carries this HTML page instead of an OperationOutcome, as a proxy in front of a server would.</summary>
    public string? RejectHtml { get; set; }

    public bool OffersDevToken { get; set; } = true;

    public static async Task<FhirTestServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new FhirTestServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        server.Address = new Uri(app.Urls.Single());
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var request = context.Request;
        _requests.Enqueue(new RecordedRequest(request.Method, request.Path, request.Headers.Authorization.ToString() is { Length: > 0 } auth ? auth : null, request.ContentType, body));

        switch (request.Method, request.Path.Value)
        {
            case ("POST", "/auth/dev-token") when OffersDevToken:
                await WriteAsync(context, StatusCodes.Status200OK, "application/json", $$"""{"access_token":"{{DevToken}}","token_type":"Bearer","expires_in":3600}""");
                return;
            case ("POST", "/fhir"):
                await AnswerTransactionAsync(context, body);
                return;
            default:
                await WriteAsync(context, StatusCodes.Status404NotFound, "application/fhir+json", Outcome(OperationOutcome.IssueType.NotFound, "no such endpoint"));
                return;
        }
    }

    private async Task AnswerTransactionAsync(HttpContext context, string body)
    {
        var number = Interlocked.Increment(ref _transactions);
        context.Response.Headers["X-Ledger-Entry"] = string.Create(CultureInfo.InvariantCulture, $"0/{number * 10},1/{number * 10 + 1}");
        if (number == RejectTransaction)
        {
            await (RejectHtml is { } html
                ? WriteAsync(context, RejectStatus, "text/html", html)
                : WriteAsync(context, RejectStatus, "application/fhir+json", Outcome(OperationOutcome.IssueType.Processing, RejectDiagnostics)));
            return;
        }

        var transaction = new FhirJsonDeserializer().DeserializeResource(body) as Bundle;
        var response = new Bundle { Type = Bundle.BundleType.TransactionResponse };
        foreach (var entry in transaction?.Entry ?? [])
        {
            response.Entry.Add(new Bundle.EntryComponent
            {
                Response = new Bundle.ResponseComponent { Status = "201 Created", Location = entry.Request?.Url + "/_history/1" },
            });
        }

        await WriteAsync(context, StatusCodes.Status200OK, "application/fhir+json", new FhirJsonSerializer().SerializeToString(response));
    }

    private static string Outcome(OperationOutcome.IssueType code, string diagnostics) =>
        new FhirJsonSerializer().SerializeToString(new OperationOutcome
        {
            Issue =
            [
                new OperationOutcome.IssueComponent
                {
                    Severity = OperationOutcome.IssueSeverity.Error,
                    Code = code,
                    Diagnostics = diagnostics,
                },
            ],
        });

    private static async Task WriteAsync(HttpContext context, int status, string contentType, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        await context.Response.WriteAsync(body, context.RequestAborted);
    }
}
